"""System checks on the keys that encrypt ANTS passwords."""

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
