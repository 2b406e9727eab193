import pytest
from django.core.cache import cache

from autoecole.celery import app as celery_app
from tests.eleves.factories import EleveFactory
from tests.factories import AgenceFactory, UserFactory
from tests.worker import Worker

DROITS = ["agences.valider_demande", "agences.supprimer_demande", "agences.supprimer_code_ephoto"]


@pytest.fixture(autouse=True)
def _cache_vide():
    # The referential and the rate limit live in the shared cache: each test starts afresh.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def eager(settings):
    """Tasks run in-process at once, as in embedded mode (no worker)."""
    settings.CELERY_TASK_ALWAYS_EAGER = True
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = False


@pytest.fixture
def agence(db, ants_account):
    return AgenceFactory(
        numero_agrement=ants_account["agrement"],
        identifiant_ants=ants_account["identifiant"],
        mot_de_passe=ants_account["mot_de_passe"],
    )


@pytest.fixture
def eleve(agence):
    eleve = EleveFactory(agence=agence)
    eleve.dossier.categories_demandees = ["B"]
    eleve.dossier.save()
    return eleve


@pytest.fixture
def secretaire(agence):
    return UserFactory(agences=[agence], permissions=DROITS)


@pytest.fixture
def client_secretaire(client, secretaire):
    client.force_login(secretaire)
    return client


@pytest.fixture
def worker(ants_sandbox, tmp_path, settings):
    """A real Celery worker on a queue of its own; an operation it drops is taken back after 2 s.

    Its ANTS account may take ten times ANTS's 600 calls a minute: the fault runs make some 20 a
    second on one account (the limit is pinned by tests/ants/test_client_ratelimit.py)."""
    worker = Worker(
        tmp_path,
        ANTS_BASE_URL=ants_sandbox.url,
        ANTS_READ_TIMEOUT=5,
        ANTS_OPERATION_LEASE=2,
        ANTS_RATE_LIMIT_PER_MINUTE=6000,
    )
    celery_app.conf.task_default_queue = worker.queue
    settings.ANTS_OPERATION_LEASE = 2
    yield worker.start()
    worker.stop()
    celery_app.conf.task_default_queue = "celery"


@pytest.fixture
def executer(eager, django_capture_on_commit_callbacks):
    """Run `fn(...)` and every task it queues after commit, as a web request would in embedded mode."""

    def run(fn, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return fn(*args, **kwargs)

    return run


def pdf(pages: int = 1) -> bytes:
    from io import BytesIO

    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    buffer = BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


@pytest.fixture
def document(eleve):
    """A one-page PDF stored on the student's file."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from documents.services import document_eleve_ajouter

    def make(libelle="Carte d'identité", pages=1):
        fichier = SimpleUploadedFile(f"{libelle}.pdf", pdf(pages), content_type="application/pdf")
        return document_eleve_ajouter(eleve=eleve, libelle=libelle, fichier=fichier)

    return make


@pytest.fixture
def brouillon(executer, eleve, secretaire, ants_sandbox):
    """A Cerfa 02 draft of the student, on ANTS and here."""
    from demandes import services
    from demandes.models import Demande

    executer(services.demande_creer, eleve=eleve, type_demande="CERFA_02", par=secretaire)
    return Demande.objects.get(eleve=eleve)


@pytest.fixture
def pieces_requises(executer, brouillon, document, secretaire):
    """Every piece ANTS requires for the draft, sent."""
    from demandes import services

    for piece in [p for p in brouillon.pieces if p["requise"]]:
        executer(
            services.demande_ajouter_fichier,
            demande=brouillon,
            code=piece["code"],
            document=document(piece["libelle"]),
            par=secretaire,
        )
        brouillon.refresh_from_db()
    return brouillon
