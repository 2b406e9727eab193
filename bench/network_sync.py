"""The network's nightly sync through real Celery workers, against the sandbox, beside its floor.

The floor (issue 11): the fewest requests the interface allows for that sync — per account a sign-in
(a night-old token has expired) and one page per 100 demandes listed —, each taking the sandbox's
latency, spread over min(accounts, worker slots) in parallel, never faster than one account's own
requests one after the other, nor than ANTS's rate limit allows.
"""

import gc
import math
import os
import signal
import statistics
import subprocess  # noqa: S404 - our own Celery workers
import sys
import time
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import requests
from django.core.cache import cache
from django.db import connection, transaction
from django.utils import timezone

from agences.services import client_for_agence
from autoecole.celery import app as celery_app
from demandes import lots, synchronisation
from demandes.lecture import champs_resume, changement_statut
from demandes.models import ChangementStatut, Demande, Operation, Synchronisation
from demandes.tasks import replier_comptes
from tests.worker import attendre

BASE_DIR = Path(__file__).resolve().parents[1]
PAGE = 100  # the most ANTS serves per page (docs/ants-api.md)
LIMITE_ANTS_PAR_MINUTE = 600  # per account (docs/ants-api.md, Conventions)


def plancher(requetes: list[int], postes: int, latence_s: float, par_minute: int, *, page_s=None) -> float:
    """Seconds: `requetes` per account (a sign-in, then pages), each taking `latence_s` (the pages
    `page_s` when given), on `postes` worker slots (see the module's docstring)."""
    page_s = latence_s if page_s is None else page_s
    durees = [latence_s + (n - 1) * page_s for n in requetes]
    etale = sum(durees) / min(len(durees), max(1, postes))
    limite = max((math.ceil(n / par_minute) - 1) * 60 for n in requetes)
    return max(etale, max(durees), limite)


def requetes_minimales(listees: list[int]) -> list[int]:
    """Per account: the sign-in, then one page per 100 listed (a listing of none still asks once)."""
    return [1 + max(1, math.ceil(n / PAGE)) for n in listees]


class Travailleurs:
    """`nombre` worker processes of one slot each (`--pool=solo`) on a queue of their own; none:
    the tasks run in this process (eager), counted by the same hooks (the smoke run)."""

    def __init__(self, nombre: int, journal: Path):
        self.queue = f"bench-{uuid.uuid4().hex[:8]}"
        self.nombre, self.journal, self.processus = nombre, journal, []

    def __enter__(self) -> "Travailleurs":
        if not self.nombre:
            import bench.sync_worker  # noqa: F401 - its hooks count this process's tasks

            celery_app.conf.task_always_eager = True
            return self
        s = connection.settings_dict
        base = f"postgres://{s['USER']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"
        env = {**os.environ, "DATABASE_URL": base, "CELERY_TASK_ALWAYS_EAGER": "false"}
        noms = [f"{self.queue}-{n}@bench" for n in range(self.nombre)]
        for nom in noms:
            commande = [sys.executable, "-m", "celery", "-A", "bench.sync_worker", "worker", "--pool=solo"]
            commande += ["-Q", self.queue, "-n", nom, "--without-gossip", "--without-mingle"]
            commande += ["--without-heartbeat", "-l", "WARNING"]
            with self.journal.open("ab") as log:
                self.processus.append(
                    subprocess.Popen(commande, cwd=BASE_DIR, env=env, stdout=log, stderr=log)  # noqa: S603
                )
        attendre(
            lambda: len(celery_app.control.ping(destination=noms, timeout=0.5)) == self.nombre,
            delai=60,
            message="workers ready",
        )
        celery_app.conf.task_default_queue = self.queue
        return self

    def __exit__(self, *exc) -> None:
        celery_app.conf.task_always_eager = False
        for processus in self.processus:
            processus.send_signal(signal.SIGQUIT)  # every task is done: no warm shutdown to wait for
        for processus in self.processus:
            processus.wait(timeout=30)


@dataclass
class Lecture:
    """One measured sync of the network."""

    secondes: float
    requetes: int  # HTTP requests the sandbox received
    sql: int  # SQL queries of the sync tasks
    rss_mb: float  # the largest worker's peak resident memory
    lues: int
    mises_a_jour: int  # demandes whose row the reading changed
    pages: int  # pages of demandes listed
    plancher: float
    # The same floor at the sandbox's own round trips (its HTTP server adds a few ms to the latency).
    aller_retour: "AllerRetour"
    plancher_du_bac_a_sable: float
    echecs: list[str]


class Rejeu:
    """The app's rows of demandes ANTS has changed, as they were before a reading saw the change: put
    back after each reading, so that the next one reads the same changes again (a 1-second reading
    is measured several times; ANTS cannot move the same demandes forward twice)."""

    def __init__(self, numeros: list[str]):
        self.demandes = list(Demande.objects.filter(numero__in=numeros))
        self.depuis = timezone.now()

    def rembobiner(self) -> None:
        """The rows as they were, the status changes seen since gone (the counts follow: triggers)."""
        with transaction.atomic():
            lots.mettre_a_jour(self.demandes, synchronisation.CHAMPS_ECRITS)
            ChangementStatut.objects.filter(demande__in=self.demandes, vu_le__gte=self.depuis).delete()


def effacer(agences) -> None:
    """The network's demandes in the app, gone (raw SQL: the ORM's cascade would load 100,000 rows)."""
    agrements = [agence.numero_agrement for agence in agences]
    tables = {model: model._meta.db_table for model in (Demande, ChangementStatut, Operation)}
    with connection.cursor() as cursor:
        demandes = f"SELECT id FROM {tables[Demande]} WHERE agrement = ANY(%s)"  # noqa: S608
        for model in (ChangementStatut, Operation):
            cursor.execute(f"DELETE FROM {tables[model]} WHERE demande_id IN ({demandes})", [agrements])  # noqa: S608
        cursor.execute(f"DELETE FROM {tables[Demande]} WHERE agrement = ANY(%s)", [agrements])  # noqa: S608
    # 100,000 dead rows per run would otherwise slow every scan that follows, the pages' counters first.
    comme_apres_autovacuum()
    Synchronisation.objects.filter(agence__in=agences).delete()


def comme_apres_autovacuum() -> None:
    """The demandes' tables as autovacuum leaves them (it is off on some servers, this machine's
    included): dead rows gone, the planner's statistics and the visibility map up to date. The
    night after a full reading, the incremental one finds them so; measured right after it
    without this, its queries ran on the full reading's partial statistics (the count of stalled
    demandes, an index scan of the account's 5,000 entries with a heap fetch each: 3-8 ms against 0.6)."""
    with connection.cursor() as cursor:
        for model in (Demande, ChangementStatut, Operation):
            cursor.execute(f"VACUUM ANALYZE {model._meta.db_table}")


@contextmanager
def sans_ramasse_miettes():
    """This process plays the beat's part while it holds the bench's volumes (hundreds of thousands
    of objects): a full collection of them must not stand between two readings asked."""
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def lire_le_reseau(sandbox, agences, *, incrementale: bool, postes: int, latence_s: float, journal: Path):
    """Every account's nightly reading asked, as the beat does, and run by `postes` workers; timed
    from just before they are asked to the last one's end (its row)."""
    aller_retour = allers_retours(sandbox, agences[0])
    with Travailleurs(postes, journal):
        # The beat's process has been up too: its first task sent (a broker connection, its queue
        # declared: ~30 ms) is not the readings'. Folding the counts is a task it sends every hour.
        replier_comptes.delay()
        sandbox.control("requests", reset=True)
        gc.collect()  # before the start: a full collection of the bench's volumes takes ~80 ms
        debut = timezone.now()
        # As the nightly beat's task asks them: together, each queued once they are committed (full
        # for an account never read, as on the network's first night).
        with sans_ramasse_miettes():
            lectures = synchronisation.synchronisations_incrementales_demander(comptes=agences)
        assert all(lecture.complete != incrementale for lecture in lectures), "not the reading measured"
        ids = [lecture.pk for lecture in lectures]
        finies = attendre(lambda: _finies(ids), delai=900, message="every reading done")
        # Each reading's task leaves its measures once it has returned, after the reading's row.
        mesures = attendre(lambda: _mesures(ids), delai=60, message="every task's measures")
    requetes = sandbox.control("requests", reset=True)["requests"]
    pages = requetes.get("GET /api/v1/demandes", 0)
    minimales = requetes_minimales([lecture.total for lecture in finies])
    secondes = (max(lecture.terminee_le for lecture in finies) - debut).total_seconds()
    return Lecture(
        secondes=secondes,
        requetes=sum(requetes.values()),
        sql=sum(m["sql"] for m in mesures),
        rss_mb=max(m["rss_mb"] for m in mesures),
        lues=sum(lecture.lues for lecture in finies),
        mises_a_jour=sum(lecture.mises_a_jour for lecture in finies),
        pages=pages,
        plancher=plancher(minimales, postes, latence_s, LIMITE_ANTS_PAR_MINUTE),
        aller_retour=aller_retour,
        plancher_du_bac_a_sable=plancher(
            minimales, postes, aller_retour.connexion, LIMITE_ANTS_PAR_MINUTE, page_s=aller_retour.page
        ),
        echecs=[lecture.message for lecture in finies if lecture.etat != Synchronisation.Etat.TERMINEE],
    )


@dataclass(frozen=True)
class AllerRetour:
    """Median seconds of one bare call to the sandbox, latency included (its HTTP server and the
    page's handling add to it): a sign-in, and a page of 100 of an account's listing."""

    connexion: float
    page: float


def allers_retours(sandbox, agence, fois: int = 20) -> AllerRetour:
    identifiants = {
        "agrement": agence.numero_agrement,
        "identifiant": agence.identifiant_ants,
        "mot_de_passe": agence.get_mot_de_passe_ants(),
    }
    connexions, pages = [], []
    with requests.Session() as session:
        for n in range(fois):
            debut = time.perf_counter()
            reponse = session.post(f"{sandbox.url}/api/v1/auth/token", json=identifiants, timeout=10)
            reponse.raise_for_status()
            connexions.append(time.perf_counter() - debut)
            debut = time.perf_counter()
            session.get(
                f"{sandbox.url}/api/v1/demandes",
                params={"page": 1 + n * 49 // fois, "par_page": PAGE},  # spread over a listing of 50
                headers={"Authorization": f"Bearer {reponse.json()['token']}"},
                timeout=10,
            ).raise_for_status()
            pages.append(time.perf_counter() - debut)
    return AllerRetour(statistics.median(connexions), statistics.median(pages))


def _mesures(ids: list[int]) -> list[dict] | None:
    """The SQL queries and peak memory that each reading's task left in the cache (bench.sync_worker)."""
    mesures = cache.get_many([f"bench:sync:{pk}" for pk in ids])
    return list(mesures.values()) if len(mesures) == len(ids) else None


def _finies(ids: list[int]):
    lectures = list(Synchronisation.objects.filter(pk__in=ids))
    en_cours = (Synchronisation.Etat.EN_ATTENTE, Synchronisation.Etat.EN_COURS)
    return lectures if all(lecture.etat not in en_cours for lecture in lectures) else None


class Compteur:
    """SQL queries of this process while in use (`with Compteur() as c: …; c.n`)."""

    def __enter__(self) -> "Compteur":
        self.n = 0
        connection.execute_wrappers.append(self)
        return self

    def __call__(self, execute, sql, params, many, context):
        self.n += 1
        return execute(sql, params, many, context)

    def __exit__(self, *exc) -> None:
        connection.execute_wrappers.remove(self)


def ecrire_de_deux_facons(agence) -> dict:
    """The account's whole listing written into an empty table by the sync's batches, then by one
    update_or_create (and its status change) per demande: seconds and SQL queries of each."""
    listing = client_for_agence(agence).list_demandes()
    mesures = {"demandes": len(listing.items)}
    for maniere, ecrire in (("lots", _par_lots), ("plain", _une_a_une)):
        effacer([agence])
        lecture = synchronisation.synchronisation_creer(agence=agence)
        with Compteur() as compteur:
            debut = time.perf_counter()
            ecrire(lecture, listing.items)
            mesures[maniere] = (time.perf_counter() - debut, compteur.n)
    effacer([agence])
    return mesures


def _par_lots(lecture, items) -> None:
    for debut in range(0, len(items), synchronisation.LOT):
        with transaction.atomic():
            synchronisation._enregistrer_lot(lecture, list(items[debut : debut + synchronisation.LOT]))


def _une_a_une(lecture, items) -> None:
    compte, maintenant = lecture.agence, timezone.now()
    for resume in items:
        with transaction.atomic():
            ancienne = Demande.objects.filter(numero=resume.numero).values_list("statut", flat=True).first()
            demande, _ = Demande.objects.update_or_create(
                numero=resume.numero,
                defaults={
                    **champs_resume(resume),
                    "agence": compte,
                    "agrement": compte.numero_agrement,
                    "lue_le": maintenant,
                },
            )
            if demande.statut != ancienne:
                changement_statut(demande, ancienne or "").save()
