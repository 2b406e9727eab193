"""The three PDFs a school prints: time to render each one, and the whole click (print into the
student's documents, then download), with its SQL queries.

Run against a PostgreSQL database with the migrations applied:
    DATABASE_URL=postgres://… .venv/bin/python manage.py migrate
    DATABASE_URL=postgres://… .venv/bin/python bench/documents_imprimes.py [--fois 30]

Creates (once) an agency BENCH-DOC, a minor with a legal representative and a Cerfa 02 draft under
mandate; files go to a temporary MEDIA_ROOT. Prints, per PDF, the median, 95th percentile and worst
time of `fois` renders (after one warm-up: fonts and stylesheet loaded) with its median CPU time, its
pages and size, then the same for the request a secretary's click makes (the CPU time of the test
client's process: the request is served in it).
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import date
from io import BytesIO
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
os.environ["MEDIA_ROOT"] = tempfile.mkdtemp(prefix="bench-documents-")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402
from pypdf import PdfReader  # noqa: E402

from agences.models import Agence, User  # noqa: E402
from demandes.construction import demande_depuis_eleve  # noqa: E402
from demandes.models import Demande  # noqa: E402
from documents import imprimes  # noqa: E402
from eleves.models import Eleve, RepresentantLegal  # noqa: E402
from eleves.services import dossier_save, eleve_save  # noqa: E402


def preparer() -> tuple[Eleve, User]:
    agence, _ = Agence.objects.get_or_create(
        code="BENCH-DOC",
        defaults={
            "nom": "Auto-école du Bench",
            "numero_voie": "12",
            "type_voie": "RUE",
            "nom_voie": "de la République",
            "code_postal": "69002",
            "ville": "LYON",
            "numero_agrement": "E2406900010",
        },
    )
    user, _ = User.objects.get_or_create(username="bench-documents")
    user.agences.set([agence])
    eleve = Eleve.objects.filter(agence=agence).first()
    if eleve is None:
        eleve = eleve_save(
            eleve=Eleve(
                agence=agence,
                sexe="M",
                nom_naissance="MARTIN",
                prenom="LUCAS",
                autres_prenoms="PIERRE",
                date_naissance=date(timezone.localdate().year - 16, 3, 2),
                ville_naissance="LYON",
                departement_naissance="69",
                numero_voie="12",
                type_voie="RUE",
                nom_voie="DE LA REPUBLIQUE",
                code_postal="69800",
                ville="SAINT-PRIEST",
                email="lucas.bench@example.org",
            )
        )
        RepresentantLegal.objects.create(
            eleve=eleve, rang=1, sexe="F", nom="MARTIN", prenom="SOPHIE", date_naissance=date(1979, 5, 2),
            nom_voie="DE LA REPUBLIQUE", code_postal="69800", ville="SAINT-PRIEST",
        )  # fmt: skip
        dossier = eleve.dossier
        dossier.categories_demandees = ["B"]
        dossier_save(dossier=dossier)
        maintenant = timezone.now()
        Demande.objects.create(
            agence=agence, eleve=eleve, numero="BENCH-4789", type="CERFA_02", statut="BROUILLON",
            cree_le=maintenant, modifie_le=maintenant, mandat_papier=True,
        )  # fmt: skip
    return Eleve.objects.select_related("agence__agence_responsable", "dossier").get(pk=eleve.pk), user


def chronometrer(fn, fois: int) -> tuple[list[tuple[float, float]], object]:
    """(wall, CPU) milliseconds of each call: on a shared machine the CPU time is the steadier one."""
    resultat = fn()  # warm-up
    durees = []
    for _ in range(fois):
        debut, cpu = time.perf_counter(), time.process_time()
        resultat = fn()
        durees.append(((time.perf_counter() - debut) * 1000, (time.process_time() - cpu) * 1000))
    return durees, resultat


def resume(durees: list[tuple[float, float]]) -> str:
    murs, cpus = sorted(d[0] for d in durees), sorted(d[1] for d in durees)
    p95 = murs[min(len(murs) - 1, round(len(murs) * 0.95))]
    return (
        f"median {statistics.median(murs):6.1f} ms, p95 {p95:6.1f} ms, max {murs[-1]:6.1f} ms "
        f"(CPU median {statistics.median(cpus):5.1f} ms)"
    )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--fois", type=int, default=30, help="renders per PDF")
    args = parser.parse_args()
    eleve, user = preparer()
    rendus = {
        "recapitulatif (Cerfa 02)": lambda: imprimes.recapitulatif_pdf(
            eleve=eleve, envoi=demande_depuis_eleve(eleve, type_demande="CERFA_02")
        ),
        "lettre (Cerfa 02)": lambda: imprimes.lettre_pdf(
            eleve=eleve, type_demande="CERFA_02", ephoto=False, mandat=True, numero="BENCH-4789"
        ),
        "mandat": lambda: imprimes.mandat_pdf(eleve=eleve),
    }
    print(f"Render only ({args.fois} times each, after a warm-up):")
    for nom, rendre in rendus.items():
        durees, contenu = chronometrer(rendre, args.fois)
        pages = len(PdfReader(BytesIO(contenu)).pages)
        print(f"  {nom:26} {resume(durees)}  — {pages} page(s), {len(contenu) / 1024:.0f} KB")

    client = Client()
    client.force_login(user)
    clics = {
        "recapitulatif (Cerfa 02)": reverse(
            "demandes:imprimer", args=[eleve.pk, "recapitulatif", "CERFA_02"]
        ),
        "lettre (Cerfa 02)": reverse("demandes:imprimer", args=[eleve.pk, "lettre", "CERFA_02"]),
        "mandat": reverse("documents:imprimer_mandat", args=[eleve.pk]),
    }
    print("\nThe click: POST (render, check, store, replace the previous print) then GET the file:")
    for nom, url in clics.items():

        def cliquer(url=url):
            reponse = client.post(url)
            return b"".join(client.get(reponse.url).streaming_content)

        durees, _contenu = chronometrer(cliquer, args.fois)
        with CaptureQueriesContext(connection) as requetes:
            cliquer()
        print(f"  {nom:26} {resume(durees)}  — {len(requetes)} SQL queries")


if __name__ == "__main__":
    main()
