"""Settings as they behave in other environments: run manage.py in a subprocess with that environment."""

import os
import secrets
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

BASE_DIR = Path(__file__).resolve().parents[2]
SERVICE_VARIABLES = ("DATABASE_URL", "CELERY_BROKER_URL", "CACHE_URL")
# Set for this test run only: tests/conftest.py (Playwright) and tests/settings.py (its secrets).
TEST_RUN_VARIABLES = (
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "DJANGO_SETTINGS_MODULE",
    "SECRET_KEY",
    "ANTS_PASSWORD_KEYS",
)


def manage(*args, env):
    return subprocess.run(  # noqa: S603 - fixed command, test input only
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def inherited_env(*dropped) -> dict:
    """This run's environment as another process would see it, without what the test run adds."""
    return {key: value for key, value in os.environ.items() if key not in TEST_RUN_VARIABLES + dropped}


def production_env(**overrides):
    return {
        **inherited_env(),
        "DEBUG": "false",
        "HTTPS": "true",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "autoecole.example.org",
        "ANTS_PASSWORD_KEYS": Fernet.generate_key().decode(),
        "TRUSTED_PROXIES": "172.16.0.0/12",
        **overrides,
    }


def test_deploy_check_passes_with_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=production_env())
    assert result.returncode == 0, result.stderr


def test_deploy_check_refuses_the_public_development_key():
    env = production_env(ANTS_PASSWORD_KEYS="ZGV2LW9ubHkta2V5LWRvLW5vdC11c2UtaW4tcHJvZCE=")
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode != 0
    assert "agences.W001" in result.stderr


def test_deploy_check_refuses_https_without_the_trusted_proxy():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=production_env(TRUSTED_PROXIES=""))
    assert result.returncode != 0
    assert "agences.W002" in result.stderr


@pytest.mark.parametrize("secret", ["SECRET_KEY", "ANTS_PASSWORD_KEYS"])
def test_without_debug_a_missing_secret_stops_the_start_and_says_which(secret):
    env = production_env()
    del env[secret]
    result = manage("check", env=env)
    assert result.returncode != 0
    assert f"ImproperlyConfigured: {secret} must be set" in result.stderr


def test_models_and_migrations_agree_in_a_checkout_without_secrets():
    env = production_env()
    del env["SECRET_KEY"], env["ANTS_PASSWORD_KEYS"]
    result = manage("makemigrations", "--check", "--dry-run", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No changes detected" in result.stdout


def test_embedded_mode_migrates_and_seeds_the_demo_on_sqlite(tmp_path):
    dotenv = BASE_DIR / ".env"
    if dotenv.exists() and any(var in dotenv.read_text() for var in SERVICE_VARIABLES):
        # settings.py reads .env: this test would migrate and seed the database configured there.
        pytest.skip(".env configures a database or broker; the embedded-mode smoke test runs without it")
    # As `make run` starts it: DEBUG on, no secrets configured.
    env = {**inherited_env(*SERVICE_VARIABLES), "DEBUG": "true", "VAR_DIR": str(tmp_path)}
    for command in (["migrate", "--no-input"], ["seed_demo"], ["seed_demo"]):
        result = manage(*command, env=env)
        assert result.returncode == 0, result.stderr

    with sqlite3.connect(tmp_path / "autoecole.sqlite3") as db:
        users = dict(db.execute("SELECT username, is_staff FROM agences_user").fetchall())
        agences = [row[0] for row in db.execute("SELECT code FROM agences_agence ORDER BY code")]
    assert users == {"dirigeant": 1, "secretaire": 0}
    assert agences == ["LYON01", "VILLEU01"]
