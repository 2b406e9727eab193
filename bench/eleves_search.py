"""Typeahead at 100,000 students: query plan and timings of the student search.

Run against a PostgreSQL database with the migrations applied:
    DATABASE_URL=postgres://… .venv/bin/python manage.py migrate
    DATABASE_URL=postgres://… .venv/bin/python bench/eleves_search.py [--count 100000] [--cleanup]

Creates (once) two agencies BENCH-A / BENCH-B and COUNT students with generated French names,
runs ANALYZE, then prints for several prefixes the plan (EXPLAIN ANALYZE), the time of the
typeahead request through Django's test client and its number of SQL queries.
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
from eleves.models import Eleve  # noqa: E402
from eleves.selectors import TYPEAHEAD_LIMIT, eleve_search  # noqa: E402
from eleves.services import eleve_preparer_pour_creation  # noqa: E402

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
            email=f"bench{i}@example.org",
        )
        lot.append(eleve_preparer_pour_creation(eleve))
        if len(lot) == 5000:
            Eleve.objects.bulk_create(lot)
            lot = []
    Eleve.objects.bulk_create(lot)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE eleves_eleve")
    return agence_a, user


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--cleanup", action="store_true", help="delete the bench students afterwards")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Needs PostgreSQL (DATABASE_URL).")
    debut = time.perf_counter()
    _agence, user = creer(args.count)
    total = Eleve.objects.count()
    print(f"students in table: {total} (setup {time.perf_counter() - debut:.1f} s)")
    client = Client()
    client.force_login(user)
    url = reverse("eleves:recherche")
    for texte in ("D", "DU", "DUP", "DUPONT", "LEA", "MARTIN LE", "ZZZ"):
        qs = eleve_search(user=user, texte=texte)[:TYPEAHEAD_LIMIT]
        plan = qs.explain(analyze=True)
        client.get(url, {"q": texte})  # warm
        with CaptureQueriesContext(connection) as queries:
            debut = time.perf_counter()
            response = client.get(url, {"q": texte})
            duree = (time.perf_counter() - debut) * 1000
        index = sorted({mot for mot in plan.split() if mot.startswith("eleve_")})
        execution = next(line for line in plan.splitlines() if line.startswith("Execution Time"))
        print(
            f"q={texte!r:12} HTTP {response.status_code} in {duree:6.1f} ms, {len(queries)} SQL queries, "
            f"search {execution.split(': ')[1]}, rows {response.content.decode().count('<a href')}, "
            f"indexes: {', '.join(index) or 'NONE (sequential scan)'}"
        )
        if texte == "DUP":
            plan_detail = plan
    print("\nPlan of q='DUP' (EXPLAIN ANALYZE):\n" + plan_detail)
    if args.cleanup:
        Eleve.objects.filter(agence__code__in=["BENCH-A", "BENCH-B"]).delete()


if __name__ == "__main__":
    main()
