"""Encryption at rest of ANTS passwords (Fernet; several keys so the key can be rotated)."""

from cryptography.fernet import Fernet, MultiFernet
from django.conf import settings


def _fernet() -> MultiFernet:
    return MultiFernet([Fernet(key) for key in settings.ANTS_PASSWORD_KEYS])


def encrypt(plaintext: str) -> str:
    return _fernet().encrypt(plaintext.encode()).decode()


def decrypt(token: str) -> str:
    return _fernet().decrypt(token.encode()).decode()


def rotate(token: str) -> str:
    """Re-encrypt with the first (current) key."""
    return _fernet().rotate(token.encode()).decode()
