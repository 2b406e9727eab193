"""`make bench`: the product's speed at a driving-school network's volumes, each figure beside its
reference — the network floor, or the same work done the plain way (issue 11).

    DATABASE_URL=postgres://… CELERY_BROKER_URL=redis://… CACHE_URL=redis://… \
        .venv/bin/python bench/network.py [--only sync,writes,pages,export] [--smoke]

Builds 20 agencies, each with its own ANTS account holding 5,000 demandes in the sandbox and 5,000
students in the app (kept in the database between runs; the sandbox is seeded afresh), then prints
one JSON line per figure: `figure`, `value` and `unit`, `reference` and `reference_value`, `ratio`,
`target` and `ok`, details, and the machine's `load` (1, 5 and 15 minute averages) when measured.
The database is created and migrated if need be. `--smoke` is a run of seconds on tiny volumes.
"""

import argparse
import json
import logging
import os
import subprocess  # noqa: S404 - the export in a process of its own
import sys
import tempfile
import time
import warnings
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
# The tests' settings: DEBUG off, as in production, with public secrets of their own.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
BENCH_DIR = Path(__file__).resolve().parent

VOLUMES = {
    "full": dict(
        agences=20, demandes=5000, eleves=5000, espace=100_000, fois=200, postes=(1, 2), incrementales=3
    ),
    # Tasks in the bench's own process (0 workers), the export too: seconds, for the tests.
    "smoke": dict(agences=2, demandes=120, eleves=120, espace=300, fois=3, postes=(0,), incrementales=2),
}


def creer_la_base(url: str) -> None:
    """CREATE DATABASE when DATABASE_URL names one that does not exist yet."""
    import psycopg2

    try:
        psycopg2.connect(url).close()
    except psycopg2.OperationalError as error:
        if "does not exist" not in str(error):
            raise
        nom = urlsplit(url).path.lstrip("/")
        serveur = psycopg2.connect(urlunsplit(urlsplit(url)._replace(path="/postgres")))
        serveur.autocommit = True
        with serveur.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{nom}"')
        serveur.close()


def ligne(figure: str, value, unit: str, *, reference: str, reference_value, target: str = "", **details):
    ratio = round(value / reference_value, 2) if reference_value else None
    print(
        json.dumps(
            {
                "figure": figure,
                "value": round(value, 3),
                "unit": unit,
                "reference": reference,
                "reference_value": round(reference_value, 3),
                "ratio": ratio,
                "target": target,
                **details,
                "load": [round(x, 2) for x in os.getloadavg()],
            },
            ensure_ascii=False,
        ),
        flush=True,
    )
    return ratio


def mesurer_les_lectures(volumes: dict, sandbox, agences, latence_ms: int, journal: Path) -> None:
    from bench import network_sync, network_volumes

    def lire(*, incrementale: bool, postes: int):
        return network_sync.lire_le_reseau(
            sandbox,
            agences,
            incrementale=incrementale,
            postes=postes,
            latence_s=latence_ms / 1000,
            journal=journal,
        )

    durees = {}
    for postes in volumes["postes"]:
        reseau = network_volumes.demandes_ants(sandbox, agences, volumes["demandes"], volumes["eleves"])
        network_sync.effacer(agences)
        sandbox.control("faults/latency", ms=latence_ms)
        lecture = lire(incrementale=False, postes=postes)
        durees["full", postes] = lecture.secondes
        imprimer_la_lecture("full", postes, lecture, agences, latence_ms)
        network_sync.comme_apres_autovacuum()  # the incremental reading comes the night after
        changees = network_volumes.changer(sandbox, reseau, 0.02)
        # A reading of about a second varies by a tenth between runs: the same changes read several
        # times (the rows put back in between), the median printed.
        rejeu = network_sync.Rejeu(changees)
        lectures = []
        for n in range(volumes["incrementales"]):
            if n:
                rejeu.rembobiner()
                network_sync.comme_apres_autovacuum()
            lectures.append(lire(incrementale=True, postes=postes))
        lecture = sorted(lectures, key=lambda une: une.secondes)[len(lectures) // 2]
        durees["incremental", postes] = lecture.secondes
        imprimer_la_lecture(
            "incremental",
            postes,
            lecture,
            agences,
            latence_ms,
            changed_on_ants=len(changees),
            runs_s=[round(une.secondes, 3) for une in lectures],
            updated_per_run=[une.mises_a_jour for une in lectures],
        )
        sandbox.control("faults/latency", ms=0)
    for mode in ("full", "incremental"):
        if (mode, 2) in durees:
            ligne(
                f"sync.{mode}.speedup_2_workers",
                durees[mode, 1] / durees[mode, 2],
                "×",
                reference="the floor's speed-up",
                reference_value=2.0,
                target="≥ 1.8",
                ok=durees[mode, 1] / durees[mode, 2] >= 1.8,
            )


def imprimer_la_lecture(mode: str, postes: int, lecture, agences, latence_ms: int, **details) -> None:
    ligne(
        f"sync.{mode}.{postes}_worker" if postes else f"sync.{mode}.in_process",
        lecture.secondes,
        "s",
        reference="floor",
        reference_value=lecture.plancher,
        target="≤ 1.2 × floor",
        ok=lecture.secondes <= 1.2 * lecture.plancher,
        accounts=len(agences),
        worker_slots=postes,
        latency_ms=latence_ms,
        demandes_read=lecture.lues,
        **details,
        http_requests=lecture.requetes,
        pages_listed=lecture.pages,
        sql_queries=lecture.sql,
        sql_per_page=round(lecture.sql / max(1, lecture.pages), 1),
        peak_worker_rss_mb=round(lecture.rss_mb),
        sandbox_round_trip_ms={
            "sign_in": round(lecture.aller_retour.connexion * 1000, 1),
            "page_of_100": round(lecture.aller_retour.page * 1000, 1),
        },
        floor_at_sandbox_round_trip_s=round(lecture.plancher_du_bac_a_sable, 2),
        ratio_to_it=round(lecture.secondes / lecture.plancher_du_bac_a_sable, 2),
        failures=lecture.echecs,
    )


def mesurer_les_ecritures(volumes: dict, sandbox, agences) -> None:
    """One account's listing written the product's way (batches) and the plain way (one
    update_or_create per demande), both into an empty table, without the network."""
    from bench import network_sync, network_volumes

    # A fresh account numbers its demandes from the sandbox's counter: the syncs' rows go first.
    network_sync.effacer(agences)
    network_volumes.demandes_ants(sandbox, agences[:1], volumes["demandes"], volumes["eleves"])
    mesures = network_sync.ecrire_de_deux_facons(agences[0])
    (lot_s, lot_sql), (plain_s, plain_sql) = mesures["lots"], mesures["plain"]
    ligne(
        "sync.writes.one_account",
        lot_s,
        "s",
        reference="one update_or_create per demande",
        reference_value=plain_s,
        demandes=mesures["demandes"],
        sql_queries=lot_sql,
        reference_sql_queries=plain_sql,
    )


def mesurer_les_pages(volumes: dict, secretaire) -> None:
    from bench import network_pages
    from bench.espace_demandes import creer as creer_espace

    agence, user = creer_espace(volumes["espace"])
    fois = volumes["fois"]
    mesure = network_pages.espace(user, agence, fois)
    ligne(
        "page.demandes_en_ligne.p95",
        mesure["p95_ms"],
        "ms",
        reference="target",
        reference_value=100,
        target="p95 ≤ 100 ms, ≤ 8 queries",
        ok=mesure["p95_ms"] <= 100 and mesure["sql"] <= 8,
        rows=volumes["espace"],
        requests=fois,
        median_ms=round(mesure["median_ms"], 1),
        sql_queries=mesure["sql"],
    )
    for texte in ("D", "DU", "DUP", "MARTIN LEA"):
        mesure = network_pages.recherche_eleves(secretaire, texte, fois)
        ligne(
            f"page.eleves_typeahead.p95.{texte.replace(' ', '_')}",
            mesure["p95_ms"],
            "ms",
            reference="target",
            reference_value=100,
            target="p95 ≤ 100 ms, ≤ 8 queries",
            ok=mesure["p95_ms"] <= 100 and mesure["sql"] <= 8,
            students=volumes["agences"] * volumes["eleves"],
            requests=fois,
            median_ms=round(mesure["median_ms"], 1),
            sql_queries=mesure["sql"],
            database_ms=mesure["base_ms"],
        )


def mesurer_l_export(smoke: bool) -> None:
    def exporter(maniere: str) -> dict:
        if smoke:  # in this process: its memory is not the export's alone
            from bench.network_export import exporter as ici

            return ici("BENCH-DEM-A", "bench-demandes", maniere)
        sortie = subprocess.run(  # noqa: S603
            [sys.executable, str(BENCH_DIR / "network_export.py"), "BENCH-DEM-A", "bench-demandes", maniere],
            capture_output=True,
            text=True,
            check=True,
        )
        return json.loads(sortie.stdout.strip().splitlines()[-1])

    produit, plain = exporter("streamed"), exporter("plain")
    ligne(
        "export.excel.seconds",
        produit["seconds"],
        "s",
        reference="a non-streamed export",
        reference_value=plain["seconds"],
        target="≤ 10 s",
        ok=produit["seconds"] <= 10,
        rows=produit["rows"],
        file_mb=produit["file_mb"],
    )
    ligne(
        "export.excel.peak_rss",
        produit["peak_rss_mb"],
        "MB",
        reference="a non-streamed export",
        reference_value=plain["peak_rss_mb"],
        target="≤ 150 MB",
        ok=produit["peak_rss_mb"] <= 150,
        rss_before_mb=produit["rss_before_mb"],
        rows=produit["rows"],
    )


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default="sync,writes,pages,export")
    parser.add_argument("--smoke", action="store_true")
    parser.add_argument("--latency-ms", type=int, default=50)
    args = parser.parse_args(argv)
    volumes = VOLUMES["smoke" if args.smoke else "full"]
    creer_la_base(os.environ.get("DATABASE_URL", ""))

    import django

    django.setup()
    logging.disable(logging.INFO)  # the login's audit lines: stdout is for the figures
    warnings.filterwarnings("ignore", message="No directory at")  # static files are not collected
    from django.conf import settings
    from django.core.management import call_command

    from ants.sandbox.testing import SandboxProcess
    from bench import network_volumes

    if not settings.CACHES["default"]["BACKEND"].endswith("RedisCache") or settings.CELERY_TASK_ALWAYS_EAGER:
        sys.exit("Needs PostgreSQL, Redis and a broker: DATABASE_URL, CACHE_URL, CELERY_BROKER_URL.")
    call_command("migrate", verbosity=0)
    debut = time.perf_counter()
    agences, secretaire = network_volumes.agences_et_eleves(volumes["agences"], volumes["eleves"])
    print(json.dumps({"setup_s": round(time.perf_counter() - debut, 1)}), flush=True)
    parties = args.only.split(",")
    journal = Path(tempfile.gettempdir()) / "bench-network-workers.log"
    if {"sync", "writes"} & set(parties):
        with tempfile.TemporaryDirectory() as dossier:
            sandbox = SandboxProcess(Path(dossier) / "ants-sandbox.sqlite3")
            os.environ["ANTS_BASE_URL"] = settings.ANTS_BASE_URL = sandbox.url  # here and for the workers
            try:
                if "sync" in parties:
                    mesurer_les_lectures(volumes, sandbox, agences, args.latency_ms, journal)
                if "writes" in parties:
                    mesurer_les_ecritures(volumes, sandbox, agences)
            finally:
                sandbox.stop()
    if "pages" in parties:
        mesurer_les_pages(volumes, secretaire)
    if "export" in parties:
        mesurer_l_export(args.smoke)


if __name__ == "__main__":
    main()
