"""System checks on the keys that encrypt ANTS passwords, and on login throttling behind the proxy."""

from cryptography.fernet import Fernet
from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security)
def check_ants_password_keys(app_configs, **kwargs):
    errors = []
    if not settings.ANTS_PASSWORD_KEYS:
        return [checks.Error("ANTS_PASSWORD_KEYS is empty.", id="agences.E001")]
    for position, key in enumerate(settings.ANTS_PASSWORD_KEYS, start=1):
        try:
            Fernet(key)
        except ValueError:
            errors.append(
                checks.Error(
                    f"Key #{position} of ANTS_PASSWORD_KEYS is not a Fernet key.",
                    hint="Generate one with: python -c 'from cryptography.fernet import Fernet; "
                    "print(Fernet.generate_key().decode())'",
                    id="agences.E002",
                )
            )
    return errors


@checks.register(checks.Tags.security, deploy=True)
def check_ants_password_keys_deploy(app_configs, **kwargs):
    # The DEBUG default of ANTS_PASSWORD_KEYS is public: fit for development only.
    if settings.DEV_ANTS_PASSWORD_KEY in settings.ANTS_PASSWORD_KEYS:
        return [
            checks.Warning(
                "ANTS_PASSWORD_KEYS uses the public development key.",
                hint="Set ANTS_PASSWORD_KEYS to a secret Fernet key (see .env.example).",
                id="agences.W001",
            )
        ]
    return []


@checks.register(checks.Tags.security, deploy=True)
def check_trusted_proxies_deploy(app_configs, **kwargs):
    # HTTPS=true means behind a TLS-terminating proxy: without TRUSTED_PROXIES every login comes from
    # its address, and the lock of one address (autoecole.throttling) would lock everyone out.
    if settings.HTTPS and not settings.TRUSTED_PROXIES:
        return [
            checks.Warning(
                "HTTPS is on (behind a TLS proxy) but TRUSTED_PROXIES is empty: login throttling sees "
                "every user at the proxy's address.",
                hint="Set TRUSTED_PROXIES to the proxy's address seen by the web server (see .env.example).",
                id="agences.W002",
            )
        ]
    return []
