"""Espace Administratif at 100,000 demandes: the page's timings, queries and plans; the export's memory.

Run against a PostgreSQL database with the migrations applied:
    DATABASE_URL=postgres://… .venv/bin/python manage.py migrate
    DATABASE_URL=postgres://… .venv/bin/python bench/espace_demandes.py [--count N] [--export] [--plans]

Creates (once) agencies BENCH-DEM-A (COUNT demandes, a tenth linked to no student) and BENCH-DEM-B
(a fifth of that), three operations per demande, runs ANALYZE, then prints for several searches the
page's time and SQL queries with the plan of its heaviest query. --export writes the whole agency's
list to Excel (run it alone: the peak memory it prints is the process's).
"""

import argparse
import os
import random
import resource
import sys
import time
import tracemalloc
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "autoecole.settings")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from agences.models import Agence, User  # noqa: E402
from ants.client.types import Statut, TypeDemande  # noqa: E402
from demandes import espace, excel  # noqa: E402
from demandes.models import Demande, Operation  # noqa: E402
from eleves.models import Eleve  # noqa: E402
from eleves.services import eleve_preparer_pour_creation  # noqa: E402

# Roughly what an agency's history holds: mostly finished demandes, a few under way.
STATUTS = [
    (Statut.ACCEPTEE, 40),
    (Statut.A_TRAITER_CERFA_06, 15),
    (Statut.EN_COURS_TRAITEMENT, 6),
    (Statut.VERIFICATION_PIECES, 4),
    (Statut.VERIFICATION_IMAGES, 2),
    (Statut.TRANSFEREE, 5),
    (Statut.REJETEE, 5),
    (Statut.REFUSEE_USAGER, 3),
    (Statut.A_COMPLETER, 3),
    (Statut.EN_ATTENTE_VALIDATION_USAGER, 4),
    (Statut.BROUILLON, 3),
    ("SUPPRIMEE", 10),
]
LOT = 5000


def _eleves(agence: Agence, nombre: int, rng) -> list[int]:
    existants = list(Eleve.objects.filter(agence=agence).values_list("pk", flat=True))
    lot = [
        eleve_preparer_pour_creation(
            Eleve(
                agence=agence,
                sexe="F",
                nom_naissance=f"BENCH{i:06d}",
                prenom="CAMILLE",
                date_naissance=timezone.localdate() - timedelta(days=6570 + rng.randrange(3000)),
                ville_naissance="LYON",
                email=f"bench-dem-{agence.code}-{i}@example.org",
            )
        )
        for i in range(len(existants), nombre)
    ]
    Eleve.objects.bulk_create(lot, batch_size=LOT)
    return list(Eleve.objects.filter(agence=agence).values_list("pk", flat=True))


def _demandes(agence: Agence, nombre: int, eleves: list[int], rng) -> None:
    deja = Demande.objects.filter(agence=agence).count()
    statuts, poids = zip(*STATUTS, strict=True)
    maintenant = timezone.now()
    lot = []
    for i in range(deja, nombre):
        cree_le = maintenant - timedelta(minutes=rng.randrange(3 * 365 * 24 * 60))
        statut = rng.choices(statuts, poids)[0]
        type_demande = (
            TypeDemande.CERFA_02 if statut == Statut.A_TRAITER_CERFA_06 else rng.choice(TypeDemande.values)
        )
        lot.append(
            Demande(
                agence=agence,
                eleve_id=None if i % 10 == 0 else rng.choice(eleves),
                numero=f"{agence.pk:03d}{i:09d}",
                type=type_demande,
                statut=statut,
                statut_libelle=str(Statut(statut).label) if statut in Statut.values else "Supprimée",
                cree_le=cree_le,
                modifie_le=cree_le + timedelta(days=rng.randrange(60)),
                candidat_nom=f"CANDIDAT{i}",
                candidat_prenom="LUCIE",
                documents=[
                    {"code": "AVIS_MEDICAL", "libelle": "Avis médical", "aide": "", "disponible": True}
                ],
            )
        )
        if len(lot) == LOT:
            Demande.objects.bulk_create(lot)
            lot = []
    Demande.objects.bulk_create(lot)


def _operations(agence: Agence, par_demande: int) -> None:
    if Operation.objects.filter(agence=agence).exists():
        return
    lot = []
    for pk, eleve_id, numero, cree_le in Demande.objects.filter(agence=agence).values_list(
        "pk", "eleve_id", "numero", "cree_le"
    ):
        for k in range(par_demande):
            lot.append(
                Operation(
                    agence=agence,
                    eleve_id=eleve_id,
                    demande_id=pk,
                    action=Operation.Action.ACTUALISER,
                    cle=f"B{k}",
                    etat=Operation.Etat.FAITE,
                    demandee_le=cree_le,
                    terminee_le=cree_le,
                )
            )
        if eleve_id is None:  # a link that ANTS refused, kept with no demande
            lot.append(
                Operation(
                    agence=agence,
                    action=Operation.Action.RELIER,
                    cle=f"RELIER:{numero}",
                    etat=Operation.Etat.REFUSEE,
                    entree={"numero": numero},
                    demandee_le=cree_le,
                    terminee_le=cree_le,
                )
            )
        if len(lot) >= LOT:
            Operation.objects.bulk_create(lot)
            lot = []
    Operation.objects.bulk_create(lot)


def creer(count: int) -> tuple[Agence, User]:
    rng = random.Random(8)
    agence_a, _ = Agence.objects.get_or_create(code="BENCH-DEM-A", defaults={"nom": "Bench demandes A"})
    agence_b, _ = Agence.objects.get_or_create(code="BENCH-DEM-B", defaults={"nom": "Bench demandes B"})
    user, _ = User.objects.get_or_create(username="bench-demandes")
    user.agences.set([agence_a])
    for agence, nombre in ((agence_a, count), (agence_b, count // 5)):
        eleves = _eleves(agence, nombre // 5, rng)
        _demandes(agence, nombre, eleves, rng)
        _operations(agence, 3)
    with connection.cursor() as cursor:
        for table in ("eleves_eleve", "demandes_demande", "demandes_operation"):
            cursor.execute(f"ANALYZE {table}")  # noqa: S608 - our table names
    return agence_a, user


def _plans(queries) -> str:
    """The plan of the query that took longest, run again under EXPLAIN ANALYZE."""
    plus_lente = max(queries, key=lambda q: float(q["time"]))
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN ANALYZE " + plus_lente["sql"])
        return "\n".join(row[0] for row in cursor.fetchall())


def mesurer_page(agence: Agence, user: User, montrer_plans: bool) -> None:
    client = Client()
    client.force_login(user)
    url = reverse("demandes:espace_agence", args=[agence.code])
    debut_mars = (timezone.localdate() - timedelta(days=400)).isoformat()
    fin_mars = (timezone.localdate() - timedelta(days=370)).isoformat()
    recherches = {
        "first page": {},
        "page 2000": {"page": 2000},
        "counter CERFA_06:a_traiter (small)": {"compteur": "CERFA_06:a_traiter"},
        "counter CERFA_02:accepte (large)": {"compteur": "CERFA_02:accepte"},
        "unlinked only": {"non_reliees": "on"},
        "created in a month": {"cree_du": debut_mars, "cree_au": fin_mars},
        "modified in a month + unlinked": {
            "modifie_du": debut_mars,
            "modifie_au": fin_mars,
            "non_reliees": "on",
        },
        "by number": {"numero": Demande.objects.filter(agence=agence).values_list("numero", flat=True)[500]},
    }
    for nom, params in recherches.items():
        client.get(url, params)  # warm
        with CaptureQueriesContext(connection) as queries:
            debut = time.perf_counter()
            response = client.get(url, params)
            duree = (time.perf_counter() - debut) * 1000
        lignes = response.content.decode().count("<tr class=")
        sql = ", ".join(f"{float(q['time']) * 1000:.0f}" for q in queries.captured_queries)
        print(
            f"{nom:34} HTTP {response.status_code} {duree:6.1f} ms, {len(queries)} queries (ms: {sql}), "
            f"{lignes} rows"
        )
        if montrer_plans:
            print("   slowest:\n      " + _plans(queries.captured_queries).replace("\n", "\n      "))
    debut = time.perf_counter()
    compteurs = espace.compteurs_de_l_agence(user=user, agence=agence)
    print(f"counters alone: {(time.perf_counter() - debut) * 1000:.1f} ms, total {compteurs.total}")


def _exporter(agence: Agence, user: User):
    return excel.classeur_des_demandes(
        espace.liste(user=user, agence=agence, filtre=espace.Filtre()), titre=agence.code
    )


def mesurer_export(agence: Agence, user: User) -> None:
    """Time and the process's peak memory, then (a slower run) the peak of Python's allocations."""
    avant = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    debut = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        fichier = _exporter(agence, user)
    duree = time.perf_counter() - debut
    apres = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    taille = fichier.seek(0, os.SEEK_END)
    fichier.close()
    tracemalloc.start()
    _exporter(agence, user).close()
    _courant, pic = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"export of {Demande.objects.filter(agence=agence).count()} rows: {duree:.1f} s, {len(queries)} SQL "
        f"queries, file {taille / 1e6:.1f} MB, process max RSS {avant / 1024:.0f} → {apres / 1024:.0f} MB, "
        f"Python allocations peak {pic / 1e6:.1f} MB"
    )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument(
        "--export", action="store_true", help="measure only the export (alone, for its memory)"
    )
    parser.add_argument("--plans", action="store_true", help="print the plan of each search's slowest query")
    parser.add_argument("--cleanup", action="store_true", help="delete the bench data afterwards")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Needs PostgreSQL (DATABASE_URL).")
    debut = time.perf_counter()
    agence, user = creer(args.count)
    print(f"demandes in table: {Demande.objects.count()} (setup {time.perf_counter() - debut:.1f} s)")
    if args.export:
        mesurer_export(agence, user)
    else:
        mesurer_page(agence, user, args.plans)
    if args.cleanup:
        codes = ["BENCH-DEM-A", "BENCH-DEM-B"]
        Operation.objects.filter(agence__code__in=codes).delete()
        Demande.objects.filter(agence__code__in=codes).delete()
        Eleve.objects.filter(agence__code__in=codes).delete()


if __name__ == "__main__":
    main()
