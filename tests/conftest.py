import os

import pytest

from ants.sandbox.testing import SandboxProcess

# Playwright's sync API runs an event loop in the test thread; Django must still allow ORM calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Factories hash a password for every user; PBKDF2's deliberate slowness is not under test.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session")
def ants_sandbox_server(tmp_path_factory):
    """One ANTS sandbox process for the whole run (see /work/sandbox-fixture.md)."""
    server = SandboxProcess(tmp_path_factory.mktemp("ants-sandbox") / "state.sqlite3")
    yield server
    server.stop()


@pytest.fixture
def ants_sandbox(ants_sandbox_server, settings):
    ants_sandbox_server.reset()
    settings.ANTS_BASE_URL = ants_sandbox_server.url
    return ants_sandbox_server


@pytest.fixture
def ants_account(ants_sandbox):
    """A fresh sandbox account: {"agrement", "identifiant", "mot_de_passe", "raison_sociale"}."""
    return ants_sandbox.control("accounts")
