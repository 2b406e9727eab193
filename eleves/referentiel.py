"""ANTS's referential of communes, departments and countries, through the ANTS client, cached.

The lists change a few times a year; a day of cache keeps a check of a whole file to a handful of
HTTP calls the first time and none afterwards.
"""

import hashlib

from django.core.cache import cache

from ants.client import AntsClient

CACHE_SECONDS = 24 * 3600
COMMUNES_LIMIT = 50


def _client() -> AntsClient:
    return AntsClient()


class Referentiel:
    """Cached reads of the referential. `client` is an ants.client.AntsClient (built when needed)."""

    def __init__(self, client=None):
        self._client = client

    @property
    def client(self):
        if self._client is None:
            self._client = _client()
        return self._client

    def _cached(self, key: str, fetch):
        key = "ants-referentiel:" + hashlib.sha256(key.encode()).hexdigest()
        value = cache.get(key)
        if value is None:
            value = fetch()
            cache.set(key, value, CACHE_SECONDS)
        return value

    def communes(self, prefixe: str, *, code_postal: str = "") -> list:
        prefixe, code_postal = prefixe.strip(), code_postal.strip()
        if len(prefixe) < 2:
            return []
        return self._cached(
            f"communes|{prefixe}|{code_postal}",
            lambda: list(self.client.search_communes(prefixe, code_postal=code_postal, limit=COMMUNES_LIMIT)),
        )

    def departements(self) -> list:
        return self._cached("departements", lambda: list(self.client.list_departements()))

    def pays(self) -> list:
        return self._cached("pays", lambda: list(self.client.list_pays()))
