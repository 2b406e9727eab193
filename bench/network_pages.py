"""The pages secretaries use all day, timed through Django's test client: median and p95 over many
requests, SQL queries per request, and the database's own time for the student search."""

import statistics
import time

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from eleves.selectors import TYPEAHEAD_LIMIT, eleve_search


def _p95(durees: list[float]) -> float:
    return sorted(durees)[max(0, round(len(durees) * 0.95) - 1)]


def chronometrer(client: Client, url: str, params: dict, fois: int) -> dict:
    """`fois` requests after one to warm up: median and p95 in ms, queries of the last one."""
    assert client.get(url, params).status_code == 200
    durees = []
    for _ in range(fois):
        debut = time.perf_counter()
        client.get(url, params)
        durees.append((time.perf_counter() - debut) * 1000)
    with CaptureQueriesContext(connection) as requetes:
        client.get(url, params)
    return {"median_ms": statistics.median(durees), "p95_ms": _p95(durees), "sql": len(requetes)}


def client_de(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def espace(user, agence, fois: int) -> dict:
    """« Demandes en ligne »: the counters and the first page of the agency's list."""
    url = reverse("demandes:espace_agence", args=[agence.code])
    return chronometrer(client_de(user), url, {}, fois)


def recherche_eleves(user, texte: str, fois: int) -> dict:
    """The typeahead as the browser asks it, and the search query's own time in the database."""
    mesure = chronometrer(client_de(user), reverse("eleves:recherche"), {"q": texte}, fois)
    plan = eleve_search(user=user, texte=texte)[:TYPEAHEAD_LIMIT].explain(analyze=True)
    execution = next(line for line in plan.splitlines() if line.startswith("Execution Time"))
    return {**mesure, "base_ms": float(execution.split(": ")[1].split()[0])}
