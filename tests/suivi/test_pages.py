"""The menu's count, and the manager's reminder settings."""

import pytest
from django.urls import reverse

from ants.client.types import Statut
from suivi.models import ParametresRappels
from tests.demandes.factories import DemandeFactory
from tests.factories import AgenceFactory, UserFactory


@pytest.fixture
def a_traiter(db):
    agence = AgenceFactory()
    DemandeFactory.create_batch(2, eleve__agence=agence, statut=Statut.A_COMPLETER)
    DemandeFactory(eleve=None, agence=agence, statut=Statut.BROUILLON)
    return agence


def test_the_menu_counts_each_group_and_leads_to_the_board(client, a_traiter):
    client.force_login(UserFactory(agences=[a_traiter]))
    assert 'hx-get="/suivi/compte/" hx-trigger="load"' in client.get(reverse("home")).content.decode()
    html = client.get(reverse("suivi:compte"), headers={"HX-Request": "true"}).content.decode()
    assert '<span class="nav-compte" data-a-suivre>3</span>' in html
    assert 'data-groupe="a_completer"><span>À compléter</span> <strong>2</strong>' in html
    assert 'data-groupe="non_reliees"><span>Non reliées à un élève</span> <strong>1</strong>' in html
    reponse = client.get(reverse("suivi:accueil"), {"groupe": "a_completer"})
    assert reponse.url == reverse("suivi:tableau", args=[a_traiter.code]) + "?groupe=a_completer"


def test_a_group_of_the_menu_opens_the_agency_that_has_it(client, a_traiter):
    premiere = AgenceFactory(nom="Aaa premier nom")  # first of the list, with nothing to follow
    client.force_login(UserFactory(agences=[premiere, a_traiter]))
    reponse = client.get(reverse("suivi:accueil"), {"groupe": "non_reliees"})
    assert reponse.url == reverse("suivi:tableau", args=[a_traiter.code]) + "?groupe=non_reliees"
    html = client.get(reponse.url).content.decode()
    assert f"({a_traiter.code}) — 3 à suivre" in html and f"({premiere.code}) — 0 à suivre" in html


def test_the_count_is_kept_a_minute_so_asking_again_costs_little(
    client, a_traiter, django_assert_max_num_queries
):
    client.force_login(UserFactory(agences=[a_traiter]))
    client.get(reverse("suivi:compte"))
    with django_assert_max_num_queries(2):  # session and user only
        client.get(reverse("suivi:compte"))


def test_signed_out_pages_have_no_count(client, db):
    assert "nav-suivi" not in client.get(reverse("login")).content.decode()


@pytest.fixture
def dirigeant(db):
    agence = AgenceFactory()
    return UserFactory(agences=[agence], is_staff=True), agence


def test_a_manager_turns_reminders_on_and_sets_the_sender(client, dirigeant):
    user, agence = dirigeant
    client.force_login(user)
    assert "Rappels aux élèves" in client.get(reverse("suivi:parametres_rappels")).content.decode()
    donnees = {
        f"{agence.code}-actifs": "on",
        f"{agence.code}-nom_expediteur": "AE du Rhône",
        f"{agence.code}-email_expediteur": "contact@ae-rhone.fr",
    }
    client.post(reverse("suivi:parametres_rappels_agence", args=[agence.code]), donnees)
    parametres = ParametresRappels.objects.get(agence=agence)
    assert (parametres.actifs, parametres.email_expediteur) == (True, "contact@ae-rhone.fr")


def test_a_wrong_sender_address_is_said_and_what_was_typed_kept(client, dirigeant):
    user, agence = dirigeant
    client.force_login(user)
    donnees = {
        f"{agence.code}-actifs": "on",
        f"{agence.code}-nom_expediteur": "AE du Rhône",
        f"{agence.code}-email_expediteur": "contact@",
    }
    html = client.post(
        reverse("suivi:parametres_rappels_agence", args=[agence.code]), donnees
    ).content.decode()
    assert "Saisissez une adresse de courriel valide" in html and 'value="AE du Rhône"' in html
    assert not ParametresRappels.objects.exists()


def test_a_secretary_cannot_and_a_manager_only_for_his_agencies(client, dirigeant):
    user, agence = dirigeant
    client.force_login(UserFactory(agences=[agence]))
    assert client.get(reverse("suivi:parametres_rappels")).status_code == 403
    autre = AgenceFactory()
    client.force_login(user)
    assert client.post(reverse("suivi:parametres_rappels_agence", args=[autre.code]), {}).status_code == 404
