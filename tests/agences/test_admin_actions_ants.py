"""The agency admin's two ANTS actions, against the live sandbox."""

import pytest
from django.urls import reverse

from tests.agences.test_admin import run_action
from tests.factories import AgenceFactory, UserFactory


def agence_with(account, **overrides):
    return AgenceFactory(
        numero_agrement=account["agrement"],
        identifiant_ants=account["identifiant"],
        mot_de_passe=account["mot_de_passe"],
        prefectures_disponibles=[],
        prefecture="",
        **overrides,
    )


@pytest.mark.django_db
def test_connection_test_says_ants_accepted_the_credentials(admin_client, ants_account):
    agence = agence_with(ants_account, code="OK01")
    response = run_action(admin_client, "tester_connexion_ants", agence)
    assert "OK01 : l&#x27;ANTS a accepté les identifiants." in response.content.decode()


@pytest.mark.django_db
def test_connection_test_says_ants_refused_a_wrong_password(admin_client, ants_account):
    agence = agence_with({**ants_account, "mot_de_passe": "pas-le-bon"}, code="KO01")
    content = run_action(admin_client, "tester_connexion_ants", agence).content.decode()
    assert "L&#x27;ANTS a refusé les identifiants de l&#x27;agence KO01" in content
    assert "pas-le-bon" not in content


@pytest.mark.django_db
def test_prefecture_update_stores_ants_list_and_picks_the_only_one(admin_client, ants_account):
    agence = agence_with(ants_account, code="PREF01", code_postal="69800")
    response = run_action(admin_client, "mettre_a_jour_prefectures", agence)
    agence.refresh_from_db()
    assert agence.prefectures_disponibles
    assert "PREF01 : 1 préfecture(s) disponible(s)" in response.content.decode()
    assert agence.prefecture == agence.prefectures_disponibles[0]["code"]


@pytest.mark.django_db
def test_prefecture_update_says_when_ants_is_unavailable(admin_client, ants_account, ants_sandbox, settings):
    settings.ANTS_RETRY_BASE_DELAY = 0.001  # the client's backoff, kept short
    agence = agence_with(ants_account, code="DOWN01", code_postal="69800")
    ants_sandbox.control("faults/errors", next=50, status=503)
    content = run_action(admin_client, "mettre_a_jour_prefectures", agence).content.decode()
    assert "Le site de l&#x27;ANTS ne répond pas pour le moment" in content


@pytest.mark.django_db
def test_connection_button_on_the_agency_form_tests_that_agency(client, ants_account):
    agence = agence_with(ants_account, code="BTN01")
    manager = UserFactory(
        is_staff=True, agences=[agence], permissions=["agences.view_agence", "agences.change_agence"]
    )
    client.force_login(manager)
    form = client.get(reverse("admin:agences_agence_change", args=[agence.pk])).content.decode()
    assert "Tester la connexion ANTS" in form
    response = client.post(reverse("admin:agences_agence_tester_connexion", args=[agence.pk]), follow=True)
    assert "BTN01 : l&#x27;ANTS a accepté les identifiants." in response.content.decode()


@pytest.mark.django_db
def test_prefecture_update_after_the_password_changed_to_a_wrong_one_is_refused(admin_client, ants_account):
    agence = agence_with(ants_account, code="PREF02", code_postal="69800")
    run_action(admin_client, "tester_connexion_ants", agence)  # a token for the right password
    agence.set_mot_de_passe_ants("pas-le-bon")
    agence.save(update_fields=["mot_de_passe_ants_chiffre"])

    content = run_action(admin_client, "mettre_a_jour_prefectures", agence).content.decode()

    assert "L&#x27;ANTS a refusé les identifiants de l&#x27;agence PREF02" in content
    agence.refresh_from_db()
    assert agence.prefectures_disponibles == []
