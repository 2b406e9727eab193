"""Who may see a student's documents and prints: only the student's agency; every download is recorded
(who, when, which document) and shown on the Documents tab and, to managers, in the admin."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from agences.demo import DIRIGEANT_ADMIN_PERMISSIONS
from documents.models import AccesDocument
from documents.services import document_eleve_ajouter
from tests.eleves.factories import EleveFactory
from tests.factories import UserFactory

from . import corpus

pytestmark = pytest.mark.django_db
DIRIGEANT = [f"{app}.{codename}" for app, codename in DIRIGEANT_ADMIN_PERMISSIONS]


@pytest.fixture
def eleve(agence, media):
    return EleveFactory(agence=agence, nom_naissance="DUPONT", prenom="JEAN")


@pytest.fixture
def document(eleve):
    fichier = SimpleUploadedFile("cni.pdf", corpus.pdf_pypdf(1), "application/pdf")
    return document_eleve_ajouter(
        eleve=eleve, libelle="Carte d'identité", fichier=fichier, nature="PIECE_IDENTITE"
    )


@pytest.fixture
def client_autre(autre_agence):
    client = Client()
    client.force_login(UserFactory(agences=[autre_agence]))
    return client


def test_another_agencys_user_cannot_download_a_document_and_nothing_is_recorded(client_autre, document):
    response = client_autre.get(reverse("documents:telecharger", args=[document.pk]))
    assert response.status_code == 404 and not AccesDocument.objects.exists()


@pytest.mark.parametrize(
    "url",
    [
        lambda eleve: reverse("documents:imprimer_mandat", args=[eleve.pk]),
        lambda eleve: reverse("demandes:imprimer", args=[eleve.pk, "recapitulatif", "CERFA_02"]),
        lambda eleve: reverse("demandes:imprimer", args=[eleve.pk, "lettre", "CERFA_06"]),
    ],
    ids=["mandat", "recapitulatif", "lettre"],
)
def test_another_agencys_user_cannot_print_a_students_pdf(client_autre, eleve, url):
    assert client_autre.post(url(eleve)).status_code == 404
    assert not eleve.documents.exists()


def test_another_agencys_user_does_not_see_the_documents_tab(client_autre, document):
    assert client_autre.get(reverse("documents:eleve", args=[document.eleve_id])).status_code == 404


def test_every_download_is_recorded_with_who_and_which_document(client_secretaire, secretaire, document):
    for _fois in range(2):
        client_secretaire.get(reverse("documents:telecharger", args=[document.pk]))
    acces = list(AccesDocument.objects.values_list("document", "eleve", "par", "identifiant", "libelle"))
    attendu = (document.pk, document.eleve_id, secretaire.pk, secretaire.username, "Carte d'identité")
    assert acces == [attendu, attendu]


def test_a_print_is_stored_then_downloaded_through_the_recorded_door(client_secretaire, eleve):
    response = client_secretaire.post(reverse("documents:imprimer_mandat", args=[eleve.pk]))
    mandat = eleve.documents.get()
    assert response.url == reverse("documents:telecharger", args=[mandat.pk])
    telecharge = client_secretaire.get(response.url)
    assert b"".join(telecharge.streaming_content).startswith(b"%PDF-")
    assert AccesDocument.objects.get().document == mandat and mandat.nature == "PDF_ECOLE"


def test_the_documents_tab_shows_who_downloaded_what(client_secretaire, secretaire, document):
    client_secretaire.get(reverse("documents:telecharger", args=[document.pk]))
    html = client_secretaire.get(reverse("documents:eleve", args=[document.eleve_id])).content.decode()
    consultations = html[html.index("Consultations des documents") :]
    assert secretaire.get_full_name() in consultations and "Carte d&#x27;identité" in consultations


def test_a_download_record_outlives_its_document(client_secretaire, document):
    client_secretaire.get(reverse("documents:telecharger", args=[document.pk]))
    document.delete()
    assert AccesDocument.objects.get().libelle == "Carte d'identité"


def test_a_manager_sees_in_the_admin_the_downloads_of_his_agencies_only(client, agence, autre_agence, media):
    for une, nom in ((agence, "ALPHA"), (autre_agence, "BETA")):
        eleve = EleveFactory(agence=une, nom_naissance=nom)
        fichier = SimpleUploadedFile("cni.pdf", corpus.pdf_pypdf(1), "application/pdf")
        document = document_eleve_ajouter(eleve=eleve, libelle=f"CNI {nom}", fichier=fichier)
        AccesDocument.objects.create(
            eleve=eleve, document=document, libelle=document.libelle, nature=document.nature, identifiant="x"
        )
    client.force_login(UserFactory(is_staff=True, agences=[agence], permissions=DIRIGEANT))
    html = client.get(reverse("admin:documents_accesdocument_changelist")).content.decode()
    assert "CNI ALPHA" in html and "CNI BETA" not in html


def test_nobody_writes_or_deletes_a_download_record_in_the_admin(client, agence, document):
    acces = AccesDocument.objects.create(
        eleve=document.eleve,
        document=document,
        libelle=document.libelle,
        nature=document.nature,
        identifiant="x",
    )
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    assert client.get(reverse("admin:documents_accesdocument_add")).status_code == 403
    client.post(reverse("admin:documents_accesdocument_delete", args=[acces.pk]), {"post": "yes"})
    assert AccesDocument.objects.filter(pk=acces.pk).exists()


def test_the_documents_tab_reads_in_a_fixed_number_of_queries(
    client_secretaire, secretaire, eleve, django_assert_max_num_queries
):
    for numero in range(6):
        fichier = SimpleUploadedFile("cni.pdf", corpus.pdf_pypdf(1), "application/pdf")
        document = document_eleve_ajouter(eleve=eleve, libelle=f"Pièce {numero}", fichier=fichier)
        AccesDocument.objects.create(
            eleve=eleve, document=document, libelle=document.libelle, nature=document.nature, par=secretaire,
            identifiant=secretaire.username,
        )  # fmt: skip
    with django_assert_max_num_queries(8):
        client_secretaire.get(reverse("documents:eleve", args=[eleve.pk]))
