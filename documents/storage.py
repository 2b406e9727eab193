"""Where student documents live: under MEDIA_ROOT/prive, never published by URL (a view checks the
agency and serves the file)."""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.functional import cached_property


class StockagePrive(FileSystemStorage):
    @cached_property
    def base_location(self):
        # Read from settings when first used (and again after a MEDIA_ROOT change, as Django does).
        return os.path.join(settings.MEDIA_ROOT, "prive")


stockage_prive = StockagePrive()


def documents_prives() -> FileSystemStorage:
    return stockage_prive
