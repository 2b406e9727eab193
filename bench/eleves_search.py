"""Typeahead at 100,000 students: query plan and timings of the student search.

Run against a PostgreSQL database with the migrations applied:
    DATABASE_URL=postgres://… .venv/bin/python manage.py migrate
    DATABASE_URL=postgres://… .venv/bin/python bench/eleves_search.py [--count 100000] [--cleanup]

Creates (once) two agencies BENCH-A / BENCH-B and COUNT students with generated French names (and
the words they are found by), runs ANALYZE, then prints for several searches (names, a NEPH, an
email) the typeahead's database time (EXPLAIN ANALYZE of its query), the time of the typeahead
request through Django's test client and its number of SQL queries, whether the plan sorts, and the
time of the list page's search (its count and first page); then the plan of q='D'.
"""

import argparse
import os
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
# The tests' settings: DEBUG off, as measured in production, with public secrets of their own.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from agences.models import Agence, User  # noqa: E402
from eleves.models import Eleve, MotRecherche  # noqa: E402
from eleves.selectors import eleve_search, eleve_suggestions  # noqa: E402
from eleves.services import eleve_preparer_pour_creation, eleves_indexer  # noqa: E402

NOMS = (
    "MARTIN BERNARD THOMAS PETIT ROBERT RICHARD DURAND DUBOIS MOREAU LAURENT SIMON MICHEL LEFEBVRE LEROY "
    "ROUX DAVID BERTRAND MOREL FOURNIER GIRARD BONNET DUPONT LAMBERT FONTAINE ROUSSEAU VINCENT "
    "MULLER LEFEVRE "
    "FAURE ANDRE MERCIER BLANC GUERIN BOYER GARNIER CHEVALIER FRANCOIS LEGRAND GAUTHIER GARCIA PERRIN ROBIN "
    "CLEMENT MORIN NICOLAS HENRY ROUSSEL MATHIEU GAUTIER MASSON MARCHAND DUVAL DENIS DUMONT MARIE LEMAIRE "
    "NOEL MEYER DUFOUR MEUNIER BRUN BLANCHARD GIRAUD JOLY RIVIERE LUCAS BRUNET GAILLARD BARBIER ARNAUD "
    "MARTINEZ GERARD ROCHE RENARD SCHMITT ROY LEROUX COLIN VIDAL CARON PICARD ROGER FABRE AUBERT LEMOINE "
    "RENAUD DUMAS LACROIX OLIVIER PHILIPPE BOURGEOIS PIERRE BENOIT REY LECLERC PAYET ROLLAND "
    "LECLERCQ GUILLAUME "
    "LECOMTE LOPEZ JEAN DUPUY GUILLOT HUBERT BERGER CARPENTIER SANCHEZ DUPUIS MOULIN LOUIS DESCHAMPS "
    "HUET VASSEUR"
).split()
PRENOMS = (
    "LEA EMMA CHLOE INES JADE LOUISE ALICE LINA ROSE ANNA MILA JULIA AMBRE LUCAS HUGO LOUIS GABRIEL ARTHUR "
    "JULES RAPHAEL ADAM NATHAN LEO PAUL TOM SACHA NOAH ETHAN MAEL THEO CAMILLE SARAH MANON ZOE ENZO MATHIS"
).split()


def creer(count: int) -> tuple[Agence, User]:
    agence_a, _ = Agence.objects.get_or_create(
        code="BENCH-A", defaults={"nom": "Bench A", "prefecture": "RHONE"}
    )
    agence_b, _ = Agence.objects.get_or_create(
        code="BENCH-B", defaults={"nom": "Bench B", "prefecture": "RHONE"}
    )
    user, _ = User.objects.get_or_create(username="bench-eleves")
    user.agences.set([agence_a])
    existants = Eleve.objects.filter(agence__in=[agence_a, agence_b]).count()
    rng = random.Random(42)
    contact = random.Random(43)  # its own draws: the names are those of earlier runs
    lot = []
    for i in range(existants, count):
        nom = rng.choice(NOMS) + ("" if rng.random() < 0.7 else "-" + rng.choice(NOMS))
        eleve = Eleve(
            agence=agence_a if i % 2 else agence_b,
            sexe=rng.choice("MF"),
            nom_naissance=nom,
            nom_usage=rng.choice(NOMS) if rng.random() < 0.1 else "",
            prenom=rng.choice(PRENOMS),
            date_naissance=date(1960, 1, 1) + timedelta(days=rng.randrange(20000)),
            ville_naissance="LYON",
            code_postal="69800",
            ville="SAINT-PRIEST",
            email=f"{contact.choice(PRENOMS).lower()}.{nom.lower()}{i}@example.org",
            neph=f"{contact.randrange(10**12):012d}" if contact.random() < 0.5 else "",
        )
        lot.append(eleve_preparer_pour_creation(eleve))
        if len(lot) == 5000:
            eleves_indexer(Eleve.objects.bulk_create(lot))
            lot = []
    eleves_indexer(Eleve.objects.bulk_create(lot))
    sans_mots = Eleve.objects.filter(agence__in=[agence_a, agence_b]).exclude(mots_recherche__isnull=False)
    while lot := list(sans_mots[:5000]):  # students created by an older version of this bench
        eleves_indexer(lot)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE eleves_eleve; ANALYZE eleves_motrecherche")
    return agence_a, user


def plan_de(fonction) -> str:
    """EXPLAIN ANALYZE of the one query `fonction` runs."""
    with CaptureQueriesContext(connection) as queries:
        fonction()
    (query,) = queries.captured_queries
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN ANALYZE " + query["sql"])
        return "\n".join(line for (line,) in cursor.fetchall())


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--cleanup", action="store_true", help="delete the bench students afterwards")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Needs PostgreSQL (DATABASE_URL).")
    debut = time.perf_counter()
    _agence, user = creer(args.count)
    total, mots = Eleve.objects.count(), MotRecherche.objects.count()
    print(f"students in table: {total}, search words: {mots} (setup {time.perf_counter() - debut:.1f} s)")
    client = Client()
    client.force_login(user)
    url = reverse("eleves:recherche")
    neph = Eleve.objects.filter(agence__code="BENCH-A").exclude(neph="").values_list("neph", flat=True)[0]
    for texte in ("D", "DU", "DUP", "DUPONT", "LEA", "GALL", "MARTIN LE", "ZZZ", neph[:4], "lea.dup@"):
        plan = plan_de(lambda texte=texte: eleve_suggestions(user=user, texte=texte))
        client.get(url, {"q": texte})  # warm
        with CaptureQueriesContext(connection) as queries:
            debut = time.perf_counter()
            response = client.get(url, {"q": texte})
            duree = (time.perf_counter() - debut) * 1000
        debut = time.perf_counter()
        liste = eleve_search(user=user, texte=texte)
        liste.count(), list(liste[:25])
        duree_liste = (time.perf_counter() - debut) * 1000
        execution = next(line for line in plan.splitlines() if line.startswith("Execution Time"))
        print(
            f"q={texte!r:12} HTTP {response.status_code} in {duree:6.1f} ms, {len(queries)} SQL queries, "
            f"typeahead DB {execution.split(': ')[1]:>9}, rows {response.content.decode().count('<li')}, "
            f"{'SORTS' if 'Sort' in plan else 'index order, no sort'}; list page search {duree_liste:6.1f} ms"
        )
        if texte == "D":
            plan_detail = plan
    print("\nPlan of the typeahead for q='D' (EXPLAIN ANALYZE):\n" + plan_detail)
    if args.cleanup:
        Eleve.objects.filter(agence__code__in=["BENCH-A", "BENCH-B"]).delete()


if __name__ == "__main__":
    main()
