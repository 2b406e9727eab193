"""« À suivre » at 100,000 demandes: the board's and the menu count's time and queries, the usual
delays' two queries and their plans.

Run against a PostgreSQL database with the migrations applied:
    DATABASE_URL=postgres://… .venv/bin/python manage.py migrate
    DATABASE_URL=postgres://… .venv/bin/python bench/suivi_tableau.py [--count N] [--plans]

Reuses bench/espace_demandes.py's agencies (BENCH-DEM-A: COUNT demandes of every status over three
years, a tenth linked to no student) and adds, once, each demande's status history: the changes of
its way through ANTS up to its status (about five per demande).
"""

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import espace_demandes  # noqa: E402 - sets Django up
from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from ants.client.types import Statut  # noqa: E402
from demandes.models import ChangementStatut, Demande  # noqa: E402
from suivi.compteur import compte_de_l_utilisateur  # noqa: E402
from suivi.delais import delais_usuels  # noqa: E402
from suivi.tableau import lignes_a_suivre  # noqa: E402

CHEMIN = [
    Statut.BROUILLON,
    Statut.EN_ATTENTE_VALIDATION_USAGER,
    Statut.VERIFICATION_PIECES,
    Statut.VERIFICATION_IMAGES,
    Statut.EN_COURS_TRAITEMENT,
    Statut.ACCEPTEE,
    Statut.A_TRAITER_CERFA_06,
]


def _historique(agence) -> None:
    if ChangementStatut.objects.filter(demande__agence=agence).exists():
        return
    lot = []
    for pk, statut, cree_le, modifie_le in Demande.objects.filter(agence=agence).values_list(
        "pk", "statut", "cree_le", "modifie_le"
    ):
        etapes = CHEMIN[: CHEMIN.index(statut) + 1] if statut in CHEMIN else [*CHEMIN[:3], statut]
        pas = (modifie_le - cree_le) / max(1, len(etapes) - 1)
        ancien = ""
        for rang, nouveau in enumerate(etapes):
            moment = cree_le + pas * rang
            lot.append(
                ChangementStatut(
                    demande_id=pk, ancien=ancien, nouveau=nouveau, modifie_le=moment, vu_le=moment
                )
            )
            ancien = nouveau
        if len(lot) >= 20000:
            ChangementStatut.objects.bulk_create(lot)
            lot = []
    ChangementStatut.objects.bulk_create(lot)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE demandes_changementstatut")


def _mesurer(nom: str, fonction, plans: bool):
    with CaptureQueriesContext(connection) as requetes:
        debut = time.perf_counter()
        resultat = fonction()
        duree = time.perf_counter() - debut
    if not requetes.captured_queries:
        print(f"{nom}: {duree * 1000:.1f} ms, no query")
        return resultat
    lente = max(requetes.captured_queries, key=lambda q: float(q["time"]))
    sql_ms = sum(float(q["time"]) for q in requetes.captured_queries) * 1000
    print(f"{nom}: {duree * 1000:.0f} ms, {len(requetes)} queries ({sql_ms:.0f} ms in SQL)")
    if plans:
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN ANALYZE " + lente["sql"])
            print("\n".join("    " + row[0] for row in cursor.fetchall()))
    return resultat


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--plans", action="store_true")
    args = parser.parse_args()
    agence, user = espace_demandes.creer(args.count)
    _historique(agence)
    print(
        f"{Demande.objects.filter(agence=agence).count()} demandes, "
        f"{ChangementStatut.objects.filter(demande__agence=agence).count()} status changes"
    )
    maintenant = timezone.now()
    for _essai in range(2):  # the second run is the one to read (warm caches)
        lignes = _mesurer(
            "board", lambda: lignes_a_suivre(user=user, agences=[agence]), args.plans and _essai
        )
    print("  lines per group:", dict(Counter(ligne.groupe.cle for ligne in lignes)))
    cache.delete(f"suivi:compte:{user.pk}")
    _mesurer("menu count (not cached)", lambda: compte_de_l_utilisateur(user), False)
    _mesurer("menu count (cached)", lambda: compte_de_l_utilisateur(user), False)
    _mesurer("usual delays", lambda: delais_usuels(user=user, maintenant=maintenant), args.plans)


if __name__ == "__main__":
    main()
