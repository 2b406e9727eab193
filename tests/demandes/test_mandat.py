"""A demande under paper mandate goes only with a signed mandate of less than 6 months on the file."""

from datetime import timedelta

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from demandes import services
from demandes.models import Demande, Operation
from demandes.services import DemandeImpossible
from documents.services import document_eleve_ajouter

from .conftest import pdf


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def mandat_signe(eleve, il_y_a=timedelta(days=10)):
    with time_machine.travel(timezone.now() - il_y_a, tick=False):
        fichier = SimpleUploadedFile("mandat.pdf", pdf(), content_type="application/pdf")
        return document_eleve_ajouter(
            eleve=eleve, libelle="Mandat signé", fichier=fichier, nature="MANDAT_SIGNE"
        )


def test_without_a_signed_mandate_a_demande_under_mandate_is_refused_saying_what_to_do(eleve, secretaire):
    with pytest.raises(DemandeImpossible) as refus:
        services.demande_creer(eleve=eleve, type_demande="CERFA_02", mandat_papier=True, par=secretaire)
    assert "déposez d'abord le mandat signé par l'élève (de moins de 6 mois) dans l'onglet Documents" in (
        refus.value.message
    )
    assert not Operation.objects.exists()


def test_a_mandate_filed_more_than_6_months_ago_no_longer_serves(eleve, secretaire):
    mandat_signe(eleve, il_y_a=timedelta(days=190))
    with pytest.raises(DemandeImpossible):
        services.demande_creer(eleve=eleve, type_demande="CERFA_02", mandat_papier=True, par=secretaire)


def test_with_a_recent_signed_mandate_the_demande_goes_under_mandate(
    executer, eleve, secretaire, ants_sandbox
):
    mandat = mandat_signe(eleve)
    operation = executer(
        services.demande_creer, eleve=eleve, type_demande="CERFA_02", mandat_papier=True, par=secretaire
    )
    assert operation.entree["mandat"] == mandat.pk
    assert Demande.objects.get(eleve=eleve).mandat_papier is True


def test_the_demandes_tab_offers_the_mandate_only_once_it_is_filed(client_secretaire, eleve):
    url = reverse("demandes:eleve", args=[eleve.pk])
    sans = client_secretaire.get(url).content.decode()
    mandat_signe(eleve)
    avec = client_secretaire.get(url).content.decode()
    assert 'name="mandat_papier" disabled' in sans and "déposez d'abord le mandat signé" in sans
    assert 'name="mandat_papier">' in avec
