"""Deleting a student's file: asked first, only without demandes on ANTS, recorded (who, when, which)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from demandes.models import Demande, Operation
from demandes.regles import SUPPRIMEE
from documents.services import document_eleve_ajouter
from eleves import services
from eleves.models import Eleve, MotRecherche, SuppressionEleve
from tests.demandes.factories import DemandeFactory
from tests.documents import corpus

from .factories import EleveFactory, RepresentantFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def eleve(agence):
    return EleveFactory(agence=agence, nom_naissance="DUPONT", prenom="JEAN")


def supprimer(client, eleve):
    return client.post(reverse("eleves:supprimer", args=[eleve.pk]))


def test_the_deletion_is_asked_first_saying_what_goes(client_secretaire, eleve, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    document_eleve_ajouter(
        eleve=eleve, libelle="CNI", fichier=SimpleUploadedFile("cni.pdf", corpus.pdf_pypdf(1))
    )
    content = client_secretaire.get(reverse("eleves:supprimer", args=[eleve.pk])).content.decode()
    assert "Supprimer la fiche de DUPONT JEAN ?" in content and "son document seront supprimés" in content
    assert Eleve.objects.filter(pk=eleve.pk).exists()


def test_deleting_removes_the_file_its_documents_and_records_who_when_which(
    client_secretaire, secretaire, eleve, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    RepresentantFactory(eleve=eleve)
    document_eleve_ajouter(
        eleve=eleve, libelle="CNI", fichier=SimpleUploadedFile("cni.pdf", corpus.pdf_pypdf(1))
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = supprimer(client_secretaire, eleve)
    assert response.status_code == 302 and response["Location"] == reverse("eleves:liste")
    assert not Eleve.objects.filter(pk=eleve.pk).exists() and not MotRecherche.objects.exists()
    assert not [chemin for chemin in tmp_path.rglob("*") if chemin.is_file()]
    trace = SuppressionEleve.objects.get()
    assert (trace.numero_eleve, trace.eleve, trace.documents) == (
        eleve.pk,
        "DUPONT JEAN, né(e) le 17/05/2000",
        1,
    )
    assert (trace.par, trace.par_identifiant, trace.agence) == (secretaire, secretaire.username, eleve.agence)


def test_a_student_with_a_demande_on_ants_is_not_deleted(client_secretaire, eleve):
    DemandeFactory(eleve=eleve)
    response = supprimer(client_secretaire, eleve)
    assert (
        response.status_code == 409
        and "a des demandes sur le site de l&#x27;ANTS" in response.content.decode()
    )
    assert Eleve.objects.filter(pk=eleve.pk).exists() and not SuppressionEleve.objects.exists()


def test_the_fiche_page_offers_deletion_and_the_page_says_why_not(client_secretaire, eleve):
    DemandeFactory(eleve=eleve)
    fiche = client_secretaire.get(reverse("eleves:fiche", args=[eleve.pk])).content.decode()
    assert reverse("eleves:supprimer", args=[eleve.pk]) in fiche
    content = client_secretaire.get(reverse("eleves:supprimer", args=[eleve.pk])).content.decode()
    assert "sa fiche ne peut pas être supprimée" in content and "Supprimer définitivement" not in content


def test_a_student_whose_demandes_are_gone_from_ants_is_deleted_with_them(client_secretaire, eleve):
    demande = DemandeFactory(eleve=eleve, statut=SUPPRIMEE)
    Operation.objects.create(agence=eleve.agence, eleve=eleve, action="CREER", cle="CREER:x", etat="REFUSEE")
    supprimer(client_secretaire, eleve)
    assert (
        not Eleve.objects.filter(pk=eleve.pk).exists() and not Demande.objects.filter(pk=demande.pk).exists()
    )
    assert not Operation.objects.exists()


def test_a_student_with_an_ants_operation_under_way_is_not_deleted(client_secretaire, eleve):
    Operation.objects.create(
        agence=eleve.agence, eleve=eleve, action="CREER", cle="CREER:x", etat="EN_ATTENTE"
    )
    assert "Une opération ANTS est en cours" in supprimer(client_secretaire, eleve).content.decode()
    assert Eleve.objects.filter(pk=eleve.pk).exists()


def test_a_student_of_another_agency_answers_404(client_secretaire, autre_agence):
    autre = EleveFactory(agence=autre_agence)
    assert (
        supprimer(client_secretaire, autre).status_code == 404 and Eleve.objects.filter(pk=autre.pk).exists()
    )


def test_the_guard_reads_the_demandes_layer_values_it_cannot_import():
    assert services.DEMANDE_SUPPRIMEE == SUPPRIMEE
    assert set(services.OPERATIONS_OUVERTES) == set(Operation.ETATS_OUVERTS)
