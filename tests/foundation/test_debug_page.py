"""The DEBUG error page (`make run` runs in DEBUG) never shows a password typed in a form."""

import sys

import pytest
from django.test import Client
from django.urls import reverse
from django.views.debug import technical_500_response

from agences.models import Agence
from tests.factories import AgenceFactory, UserFactory

TYPED = "Mot-De-Passe-Tape-42"


@pytest.fixture
def debug(settings):
    settings.DEBUG = True


def debug_page(request) -> str:
    return technical_500_response(request, *sys.exc_info()).content.decode()


def test_the_post_table_hides_fields_named_like_a_password(rf, debug):
    request = rf.post("/admin/agences/agence/1/change/", {"code": "LYON01", "mot_de_passe_ants": TYPED})
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        html = debug_page(request)
    assert TYPED not in html
    assert "mot_de_passe_ants" in html and "LYON01" in html


def test_local_variables_holding_the_typed_password_are_hidden_whatever_their_name(rf, debug, settings):
    request = rf.post("/admin/agences/agence/1/change/", {"mot_de_passe_ants": TYPED})
    settings.ANTS_PASSWORD_KEYS = ["pas-une-cle-fernet"]
    try:
        Agence().set_mot_de_passe_ants(TYPED)  # fails in agences.crypto.encrypt(plaintext)
    except ValueError:
        html = debug_page(request)
    assert TYPED not in html
    assert "plaintext" in html and "password" in html  # listed, values hidden


@pytest.mark.django_db
def test_the_agency_form_failing_in_debug_shows_the_typed_password_nowhere(debug, settings):
    agence = AgenceFactory(code="LYON99")
    client = Client(raise_request_exception=False)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    settings.ANTS_PASSWORD_KEYS = ["pas-une-cle-fernet"]
    response = client.post(
        reverse("admin:agences_agence_change", args=[agence.pk]),
        {"code": "LYON99", "nom": "Lyon", "mot_de_passe_ants": TYPED, "heure_synchronisation": "02:30"},
    )
    assert response.status_code == 500 and "Traceback" in response.content.decode()
    assert TYPED not in response.content.decode()
