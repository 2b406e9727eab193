"""Personal data only for users of the student's agency: others get 404, never a hint."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from documents.services import document_eleve_ajouter
from tests.documents.corpus import pdf_pypdf

from .factories import EleveFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def eleve_b(autre_agence):
    return EleveFactory(agence=autre_agence, nom_naissance="ZORRO")


@pytest.mark.parametrize(
    "vue", ["eleves:fiche", "eleves:modifier", "eleves:dossier", "eleves:verification", "documents:eleve"]
)
def test_a_user_of_agency_a_gets_404_on_a_student_of_agency_b(client_secretaire, eleve_b, vue):
    assert client_secretaire.get(reverse(vue, args=[eleve_b.pk])).status_code == 404


def test_posting_an_edit_of_another_agency_student_is_404_and_changes_nothing(client_secretaire, eleve_b):
    response = client_secretaire.post(
        reverse("eleves:modifier", args=[eleve_b.pk]), {"nom_naissance": "PIRATE"}
    )
    eleve_b.refresh_from_db()
    assert response.status_code == 404 and eleve_b.nom_naissance == "ZORRO"


def test_a_document_of_agency_b_cannot_be_downloaded(client_secretaire, eleve_b, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    document = document_eleve_ajouter(
        eleve=eleve_b, libelle="CNI", fichier=SimpleUploadedFile("cni.pdf", pdf_pypdf(1), "application/pdf")
    )
    assert client_secretaire.get(reverse("documents:telecharger", args=[document.pk])).status_code == 404


def test_a_document_cannot_be_uploaded_to_a_student_of_agency_b(client_secretaire, eleve_b):
    fichier = SimpleUploadedFile("cni.pdf", pdf_pypdf(1), "application/pdf")
    response = client_secretaire.post(reverse("documents:eleve", args=[eleve_b.pk]), {"fichier": fichier})
    assert response.status_code == 404 and not eleve_b.documents.exists()


def test_the_typeahead_returns_nothing_of_agency_b(client_secretaire, eleve_b):
    response = client_secretaire.get(reverse("eleves:recherche"), {"q": "ZOR"})
    assert "ZORRO" not in response.content.decode()


def test_the_list_shows_only_the_user_agencies(client_secretaire, eleve_b, agence):
    EleveFactory(agence=agence, nom_naissance="ALPHA")
    content = client_secretaire.get(reverse("eleves:liste")).content.decode()
    assert "ALPHA" in content and "ZORRO" not in content


def test_a_student_cannot_be_created_in_another_agency(client_secretaire, autre_agence):
    response = client_secretaire.post(
        reverse("eleves:creer"), {"agence": autre_agence.pk, "nom_naissance": "X"}
    )
    assert "choisissez une valeur dans la liste" in response.content.decode()


def test_a_user_of_both_agencies_sees_both(client, secretaire, agence, autre_agence, eleve_b):
    secretaire.agences.add(autre_agence)
    client.force_login(secretaire)
    assert client.get(reverse("eleves:fiche", args=[eleve_b.pk])).status_code == 200


@pytest.mark.parametrize("vue", ["eleves:liste", "eleves:recherche", "eleves:creer", "eleves:communes"])
def test_anonymous_visitors_are_sent_to_the_login_page(client, vue):
    response = client.get(reverse(vue))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
