import pytest
from django.core.cache import cache

from .factories import AgenceFactory, UserFactory


@pytest.fixture(autouse=True)
def _cache_vide():
    # The referential is cached in Redis: each test starts from an empty cache.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def agence(db):
    return AgenceFactory()


@pytest.fixture
def autre_agence(db):
    return AgenceFactory()


@pytest.fixture
def secretaire(agence):
    return UserFactory(agences=[agence])


@pytest.fixture
def client_secretaire(client, secretaire):
    client.force_login(secretaire)
    return client
