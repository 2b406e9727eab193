import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from django.views import defaults

from tests.factories import UserFactory


@pytest.mark.django_db
def test_unknown_page_is_a_french_404(client):
    client.force_login(UserFactory())
    response = client.get("/nulle-part/")
    assert response.status_code == 404
    assert "Page introuvable" in response.content.decode()


@pytest.mark.django_db
def test_permission_denied_shows_the_french_reason(rf):
    request = rf.get("/")
    request.user = UserFactory()
    response = defaults.permission_denied(request, PermissionDenied("Vous n'avez pas le droit « X »."))
    assert response.status_code == 403
    html = response.content.decode()
    assert "Accès refusé" in html
    assert "Vous n&#x27;avez pas le droit « X »." in html


def test_server_error_page_is_french_and_needs_no_context(rf):
    response = defaults.server_error(rf.get("/"))
    assert response.status_code == 500
    assert "Une erreur est survenue" in response.content.decode()


@pytest.mark.django_db
def test_expired_form_is_explained_in_french():
    response = Client(enforce_csrf_checks=True).post(reverse("login"), {"username": "x", "password": "y"})
    assert response.status_code == 403
    assert "Formulaire expiré" in response.content.decode()
