"""A chosen file kept while its form is shown again with errors, so that the secretary need not choose
it again: browsers never refill a file field. Kept in the cache for an hour, under a random token
bound to the user; the file is read through documents.fichiers only when the form is saved."""

import re
from uuid import uuid4

from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile

GARDE_SECONDES = 3600
_JETON = re.compile(r"[0-9a-f]{32}")


def _cle(jeton: str, user) -> str:
    return f"document-en-attente:{user.pk}:{jeton}"


def garder(fichier: UploadedFile, *, user) -> str:
    """Keeps the file; returns the token that takes it back (documents.attente.reprendre)."""
    jeton = uuid4().hex
    fichier.seek(0)
    cache.set(_cle(jeton, user), {"nom": fichier.name, "contenu": fichier.read()}, GARDE_SECONDES)
    return jeton


def reprendre(jeton: str, *, user) -> UploadedFile | None:
    """The file kept under this token for this user, or None (unknown, expired, someone else's)."""
    if not _JETON.fullmatch(jeton or ""):
        return None
    garde = cache.get(_cle(jeton, user))
    return SimpleUploadedFile(garde["nom"], garde["contenu"]) if garde else None


def oublier(jeton: str, *, user) -> None:
    if _JETON.fullmatch(jeton or ""):
        cache.delete(_cle(jeton, user))
