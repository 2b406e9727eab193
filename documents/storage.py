"""Where student documents live: under MEDIA_ROOT, never published by URL (served by a checked view)."""

from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage


def documents_prives() -> FileSystemStorage:
    # A callable, so settings overrides (tests' MEDIA_ROOT) apply and migrations stay stable.
    return FileSystemStorage(location=Path(str(settings.MEDIA_ROOT)) / "prive", base_url=None)
