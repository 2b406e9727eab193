import pytest

from tests.eleves.conftest import agence, autre_agence, client_secretaire, secretaire  # noqa: F401 - fixtures


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path
