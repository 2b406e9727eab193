"""Bench: HTTP calls and time of the ANTS client against a local sandbox process.

    .venv/bin/python bench/ants_client.py [--demandes 300] [--page-sizes 100,20]

Creates N demandes on a fresh sandbox account (rate limit off, to set up quickly), then lists them
all with each page size, with the rate limit of the settings (ANTS_RATE_LIMIT_PER_MINUTE) on.
HTTP calls are counted on the sandbox's side (/_control/state).
"""

import argparse
import os
import string
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
# The tests' settings: DEBUG off, as measured in production, with public secrets of their own.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402

from ants.client import (  # noqa: E402
    AdressePostale,
    AntsClient,
    AntsCredentials,
    Candidat,
    DemandeInput,
    Dossier,
    LieuNaissance,
    Motif,
    TypeDemande,
)
from ants.client.ratelimit import RateLimiter  # noqa: E402
from ants.sandbox.testing import SandboxProcess  # noqa: E402


def nom(i: int) -> str:
    letters = string.ascii_uppercase
    return "BENCH-" + "".join(letters[(i // 26**k) % 26] for k in range(4))


def demande(i: int) -> DemandeInput:
    return DemandeInput(
        type=TypeDemande.CERFA_02,
        motif=Motif.PREMIERE_INSCRIPTION,
        prefecture="RHONE",
        candidat=Candidat(
            sexe="F",
            nom_naissance=nom(i),
            prenom="CLAIRE",
            date_naissance=date(1995, 1, 1),
            naissance=LieuNaissance(commune="LYON 1ER ARRONDISSEMENT", departement="69", pays="FRANCE"),
            adresse=AdressePostale(code_postal="69800", commune="SAINT-PRIEST", nom_voie="DE LA REPUBLIQUE"),
            email=f"bench-{i}@example.org",
        ),
        dossier=Dossier(categories_demandees=("B",)),
    )


def calls(server, route: str) -> int:
    return server.state_snapshot()["requests"].get(route, 0)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--demandes", type=int, default=300)
    parser.add_argument("--page-sizes", default="100,20")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        server = SandboxProcess(Path(tmp) / "state.sqlite3")
        try:
            account = server.control("accounts")
            credentials = AntsCredentials(
                account["agrement"], account["identifiant"], account["mot_de_passe"]
            )
            setup = AntsClient(credentials, base_url=server.url, rate_limiter=RateLimiter(0, max_wait=0))

            started = time.perf_counter()
            for i in range(args.demandes):
                setup.create_demande(demande(i))
            elapsed = time.perf_counter() - started
            print(
                f"create_demande x{args.demandes}: {calls(server, 'POST /api/v1/demandes')} POST, "
                f"{elapsed:.2f} s ({elapsed / args.demandes * 1000:.1f} ms each)"
            )

            for page_size in (int(size) for size in args.page_sizes.split(",")):
                client = AntsClient(credentials, base_url=server.url, page_size=page_size)
                before = calls(server, "GET /api/v1/demandes")
                started = time.perf_counter()
                listed = sum(1 for _ in client.list_demandes())
                elapsed = time.perf_counter() - started
                print(
                    f"list_demandes page_size={page_size}: {listed} demandes, "
                    f"{calls(server, 'GET /api/v1/demandes') - before} GET, {elapsed:.2f} s "
                    f"(rate limit {settings.ANTS_RATE_LIMIT_PER_MINUTE}/min)"
                )
        finally:
            server.stop()


if __name__ == "__main__":
    main()
