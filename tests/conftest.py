import os

import pytest
from playwright.sync_api import sync_playwright

from ants.sandbox.testing import SandboxProcess
from tests.navigateur import CHROMIUM_ARGS

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


@pytest.fixture
def page(live_server):
    """A Chromium page, French locale, for a test served by live_server."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS
        )
        context = browser.new_context(locale="fr-FR")
        context.set_default_timeout(15_000)
        yield context.new_page()
        context.close()
        browser.close()
