"""Retention: each nature of document is kept for its period (documents.conservation), counted from
the end of the student's file (demandes.conservation), and `manage.py purger_documents` deletes what is
past it, saying what."""

from datetime import datetime, timedelta
from io import StringIO

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from ants.client.types import Statut
from demandes.conservation import documents_purger
from demandes.models import Operation
from demandes.tasks import purger_documents
from documents.conservation import CONSERVATION, mois_avant
from documents.models import AccesDocument, DocumentEleve
from documents.services import document_eleve_ajouter
from tests.demandes.factories import DemandeFactory
from tests.eleves.factories import EleveFactory

from . import corpus

pytestmark = pytest.mark.django_db
MAINTENANT = timezone.make_aware(datetime(2026, 6, 15, 12, 0))


@pytest.fixture
def eleve(agence, media):
    return EleveFactory(agence=agence, nom_naissance="DUPONT", prenom="JEAN")


def deposer(eleve, nature="PIECE_IDENTITE", il_y_a=timedelta(days=400), libelle="CNI"):
    with time_machine.travel(MAINTENANT - il_y_a, tick=False):
        fichier = SimpleUploadedFile("scan.pdf", corpus.pdf_pypdf(1), "application/pdf")
        return document_eleve_ajouter(eleve=eleve, libelle=libelle, fichier=fichier, nature=nature)


def demande_finie(eleve, il_y_a, statut=Statut.ACCEPTEE):
    moment = MAINTENANT - il_y_a
    return DemandeFactory(eleve=eleve, statut=statut, cree_le=moment - timedelta(days=30), modifie_le=moment)


def purges(**kwargs) -> list[str]:
    """The labels of the documents purged (a deleted row has no pk left)."""
    return [document.libelle for document in documents_purger(maintenant=MAINTENANT, **kwargs).documents]


@pytest.mark.parametrize(
    ("moment", "mois", "attendu"),
    [
        (datetime(2026, 3, 31), 1, datetime(2026, 2, 28)),
        (datetime(2024, 3, 31), 1, datetime(2024, 2, 29)),
        (datetime(2026, 1, 15), 6, datetime(2025, 7, 15)),
        (datetime(2026, 8, 31), -6, datetime(2027, 2, 28)),
    ],
)
def test_months_are_calendar_months(moment, mois, attendu):
    assert mois_avant(moment, mois) == attendu


def test_every_nature_has_its_retention_rule():
    assert set(CONSERVATION) == set(DocumentEleve.Nature.values)


def test_an_identity_document_goes_6_months_after_the_last_demande_is_accepted(eleve):
    document = deposer(eleve)
    chemin = document.fichier.name
    demande_finie(eleve, il_y_a=timedelta(days=190))
    assert purges() == ["CNI"]
    assert not document.fichier.storage.exists(chemin) and not eleve.documents.exists()


def test_an_identity_document_stays_within_6_months_of_the_end(eleve):
    deposer(eleve)
    demande_finie(eleve, il_y_a=timedelta(days=170))
    assert purges() == []


def test_a_file_ends_with_its_last_demande_whatever_came_before(eleve):
    deposer(eleve)
    demande_finie(eleve, il_y_a=timedelta(days=300), statut=Statut.REJETEE)
    demande_finie(eleve, il_y_a=timedelta(days=100), statut=Statut.REFUSEE_USAGER)
    assert purges() == []


@pytest.mark.parametrize("statut", [Statut.BROUILLON, Statut.A_TRAITER_CERFA_06, "NOUVEAU_STATUT_ANTS"])
def test_nothing_goes_while_a_demande_is_under_way(eleve, statut):
    deposer(eleve)
    demande_finie(eleve, il_y_a=timedelta(days=300))
    demande_finie(eleve, il_y_a=timedelta(days=300), statut=statut)
    assert purges() == []


def test_nothing_goes_while_an_operation_is_open(eleve):
    deposer(eleve)
    demande = demande_finie(eleve, il_y_a=timedelta(days=300))
    Operation.objects.create(agence=eleve.agence, eleve=eleve, demande=demande, action="ACTUALISER", cle="A")
    assert purges() == []


def test_without_a_demande_a_document_counts_from_its_upload(eleve):
    deposer(eleve, il_y_a=timedelta(days=200), libelle="ancien")
    deposer(eleve, il_y_a=timedelta(days=150), libelle="récent")
    assert purges() == ["ancien"]


def test_a_document_filed_after_the_end_counts_from_its_upload(eleve):
    demande_finie(eleve, il_y_a=timedelta(days=300))
    deposer(eleve, il_y_a=timedelta(days=100))
    assert purges() == []


def test_a_signed_mandate_is_kept_at_least_6_months_after_it_was_filed(eleve):
    demande_finie(eleve, il_y_a=timedelta(days=400))
    deposer(eleve, nature="MANDAT_SIGNE", il_y_a=timedelta(days=150), libelle="récent")
    deposer(eleve, nature="MANDAT_SIGNE", il_y_a=timedelta(days=200), libelle="ancien")
    assert purges() == ["ancien"]


def test_a_school_print_goes_3_months_after_it_was_printed_even_while_the_file_goes_on(eleve):
    DemandeFactory(eleve=eleve, statut=Statut.BROUILLON)
    deposer(eleve, nature="PDF_ECOLE", il_y_a=timedelta(days=95), libelle="ancien")
    deposer(eleve, nature="PDF_ECOLE", il_y_a=timedelta(days=85), libelle="récent")
    assert purges() == ["ancien"]


def test_a_trial_run_says_what_would_go_and_removes_nothing(eleve):
    document = deposer(eleve)
    assert purges(essai=True) == ["CNI"]
    assert eleve.documents.get() == document and document.fichier.storage.exists(document.fichier.name)


def test_download_records_are_kept_one_year(eleve):
    document = deposer(eleve, nature="PDF_ECOLE", il_y_a=timedelta(days=10))
    for il_y_a in (370, 300):
        AccesDocument.objects.create(
            eleve=eleve,
            document=document,
            libelle="CNI",
            nature="PIECE_IDENTITE",
            identifiant="x",
            le=MAINTENANT - timedelta(days=il_y_a),
        )
    assert documents_purger(maintenant=MAINTENANT).acces == 1
    assert AccesDocument.objects.get().le == MAINTENANT - timedelta(days=300)


def commande(*args) -> str:
    sortie = StringIO()
    with time_machine.travel(MAINTENANT, tick=False):
        call_command("purger_documents", *args, stdout=sortie)
    return sortie.getvalue()


def test_the_command_says_each_document_it_removed(eleve):
    deposer(eleve, libelle="Carte d'identité recto-verso")
    sortie = commande()
    assert (
        f"Supprimé : {eleve.agence.code} · DUPONT JEAN (élève n° {eleve.pk}) · Pièce d'identité "
        "« Carte d'identité recto-verso », déposé le 11/05/2025 (6 mois après la fin du dossier)"
    ) in sortie
    assert "1 document(s) supprimé(s), 0 consultation(s) de plus de 12 mois effacée(s)." in sortie
    assert not eleve.documents.exists()


def test_the_command_in_trial_mode_says_what_it_would_remove(eleve):
    deposer(eleve)
    sortie = commande("--essai")
    assert "À supprimer : " in sortie and "(essai : rien n'est supprimé)" in sortie
    assert eleve.documents.exists()


def test_the_daily_task_purges_too(eleve):
    deposer(eleve)
    with time_machine.travel(MAINTENANT, tick=False):
        purger_documents.apply()
    assert not eleve.documents.exists()
