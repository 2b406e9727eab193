"""The "Demandes ANTS" tab: what the secretary sees and clicks, and what another agency cannot reach."""

import pytest
from django.urls import reverse

from demandes.models import Demande, Operation
from tests.factories import AgenceFactory, UserFactory


def page(client, eleve) -> str:
    response = client.get(reverse("demandes:eleve", args=[eleve.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_a_complete_file_offers_to_send_each_cerfa(client_secretaire, eleve):
    html = page(client_secretaire, eleve)
    assert html.count("Enregistrer la demande en ligne") >= 1
    assert "Cerfa 02 (inscription au permis)" in html


def test_the_click_answers_at_once_and_the_page_follows_the_operation(
    client_secretaire, eleve, eager, django_capture_on_commit_callbacks, ants_sandbox
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_secretaire.post(reverse("demandes:creer", args=[eleve.pk]), {"type": "CERFA_02"})
    assert response.status_code == 302
    demande = Demande.objects.get(eleve=eleve)
    html = page(client_secretaire, eleve)
    assert f"n° {demande.numero}" in html and "Brouillon" in html


def test_an_open_operation_makes_the_panel_poll(client_secretaire, eleve, secretaire, ants_sandbox):
    Operation.objects.create(agence=eleve.agence, eleve=eleve, action="CREER", cle="CREER:CERFA_02")
    html = client_secretaire.get(reverse("demandes:suivi", args=[eleve.pk])).content.decode()
    assert 'hx-trigger="every 2s"' in html


def test_a_disabled_action_says_why(client_secretaire, brouillon):
    html = page(client_secretaire, brouillon.eleve)
    assert "Pièces obligatoires manquantes" in html


@pytest.fixture
def intrus(client, db):
    client.force_login(UserFactory(agences=[AgenceFactory()], is_staff=True, is_superuser=True))
    return client


def test_another_agency_reaches_none_of_the_students_demandes_pages(intrus, brouillon, eager):
    eleve = brouillon.eleve
    operation = Operation.objects.filter(eleve=eleve).first()
    urls = [
        ("get", reverse("demandes:eleve", args=[eleve.pk])),
        ("get", reverse("demandes:suivi", args=[eleve.pk])),
        ("post", reverse("demandes:creer", args=[eleve.pk])),
        ("post", reverse("demandes:transferer", args=[eleve.pk])),
        ("post", reverse("demandes:relier", args=[eleve.pk])),
        ("post", reverse("demandes:relancer", args=[operation.pk])),
        *[
            (method, reverse(f"demandes:{name}", args=[brouillon.pk]))
            for method, name in [
                ("post", "actualiser"),
                ("post", "valider"),
                ("get", "supprimer"),
                ("post", "supprimer"),
                ("post", "ephoto"),
                ("post", "supprimer_ephoto"),
                ("post", "telecharger"),
                ("get", "pieces"),
                ("post", "pieces"),
            ]
        ],
    ]
    answers = {
        url: getattr(intrus, method)(url, {"numero": brouillon.numero, "type": "CERFA_02"}).status_code
        for method, url in urls
    }
    assert set(answers.values()) == {404}
    assert Operation.objects.filter(eleve=eleve).count() == 1
