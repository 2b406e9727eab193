"""ANTS's referential of communes, departments and countries, through the ANTS client, cached.

The lists change a few times a year; a day of cache keeps a check of a whole file to a handful of
HTTP calls the first time and none afterwards. The cache also keeps the check's verdict: the same
values checked again read the same answers, so a `Referentiel(cache_seul=True)` gives the verdict of
the last check without calling ANTS, or says it has not been made (`ReferentielNonConsulte`).
"""

import hashlib

from django.core.cache import cache

from ants.client import AntsClient

CACHE_SECONDS = 24 * 3600
COMMUNES_LIMIT = 50


class ReferentielNonConsulte(Exception):
    """A cache-only referential was asked for something no check has read yet."""


def _client() -> AntsClient:
    return AntsClient()


class Referentiel:
    """Cached reads of the referential. `client` is an ants.client.AntsClient (built when needed)."""

    def __init__(self, client=None, *, cache_seul: bool = False):
        self._client = client
        self.cache_seul = cache_seul

    @property
    def client(self):
        if self._client is None:
            self._client = _client()
        return self._client

    def _cached(self, key: str, fetch):
        key = "ants-referentiel:" + hashlib.sha256(key.encode()).hexdigest()
        value = cache.get(key)
        if value is None:
            if self.cache_seul:
                raise ReferentielNonConsulte(key)
            value = fetch()
            cache.set(key, value, CACHE_SECONDS)
        return value

    def communes(self, prefixe: str, *, code_postal: str = "", departement: str = "") -> list:
        """Communes whose name starts with `prefixe` (2 characters at least), at most COMMUNES_LIMIT."""
        prefixe, code_postal, departement = prefixe.strip(), code_postal.strip(), departement.strip()
        if len(prefixe) < 2:
            return []
        return self._cached(
            f"communes|{prefixe}|{code_postal}|{departement}",
            lambda: list(
                self.client.search_communes(
                    prefixe, code_postal=code_postal, departement=departement, limit=COMMUNES_LIMIT
                )
            ),
        )

    def communes_du_code_postal(self, code_postal: str) -> list:
        """Every commune of a postal code (a few, rarely more than 30)."""
        code_postal = code_postal.strip()
        if not code_postal.isascii() or not code_postal.isdigit() or len(code_postal) != 5:
            return []
        return self._cached(
            f"code_postal|{code_postal}",
            lambda: list(self.client.search_communes("", code_postal=code_postal, limit=COMMUNES_LIMIT)),
        )

    def departements(self) -> list:
        return self._cached("departements", lambda: list(self.client.list_departements()))

    def pays(self) -> list:
        return self._cached("pays", lambda: list(self.client.list_pays()))
