"""Encryption at rest of ANTS passwords (Fernet; several keys so the key can be rotated)."""

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings


class UndecryptablePassword(Exception):
    """No key of ANTS_PASSWORD_KEYS decrypts a stored password (its key was removed or changed)."""


def _fernet() -> MultiFernet:
    return MultiFernet([Fernet(key) for key in settings.ANTS_PASSWORD_KEYS])


def encrypt(plaintext: str) -> str:
    return _fernet().encrypt(plaintext.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken:
        raise UndecryptablePassword from None


def rotate(token: str) -> str:
    """Re-encrypt with the first (current) key."""
    try:
        return _fernet().rotate(token.encode()).decode()
    except InvalidToken:
        raise UndecryptablePassword from None
