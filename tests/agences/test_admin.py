import logging

import pytest
from django.urls import reverse

from agences.models import Agence
from tests.factories import AgenceFactory, UserFactory

PASSWORD = "Tr3s-Secret!"


def change_url(agence):
    return reverse("admin:agences_agence_change", args=[agence.pk])


def form_data(agence, **overrides):
    data = {
        "code": agence.code,
        "nom": agence.nom,
        "numero_voie": agence.numero_voie,
        "extension_voie": "",
        "type_voie": agence.type_voie,
        "nom_voie": agence.nom_voie,
        "complement": "",
        "code_postal": agence.code_postal,
        "ville": agence.ville,
        "agence_responsable": "",
        "numero_agrement": agence.numero_agrement,
        "identifiant_ants": agence.identifiant_ants,
        "mot_de_passe_ants": "",
        "prefecture": agence.prefecture,
        "heure_synchronisation": "02:30",
    }
    return {**data, **overrides}


@pytest.mark.django_db
def test_change_form_never_shows_the_password(admin_client):
    agence = AgenceFactory(mot_de_passe=PASSWORD)
    html = admin_client.get(change_url(agence)).content.decode()
    assert PASSWORD not in html
    assert agence.mot_de_passe_ants_chiffre not in html
    assert 'name="mot_de_passe_ants"' in html
    assert "Laissez vide pour conserver le mot de passe" in html


@pytest.mark.django_db
def test_blank_password_keeps_the_stored_one(admin_client):
    agence = AgenceFactory(mot_de_passe=PASSWORD)
    response = admin_client.post(change_url(agence), form_data(agence, nom="Nouveau nom"))
    assert response.status_code == 302
    agence.refresh_from_db()
    assert agence.nom == "Nouveau nom"
    assert agence.get_mot_de_passe_ants() == PASSWORD


@pytest.mark.django_db
def test_typed_password_replaces_the_stored_one(admin_client):
    agence = AgenceFactory(mot_de_passe=PASSWORD)
    admin_client.post(change_url(agence), form_data(agence, mot_de_passe_ants="Nouveau-1"))
    agence.refresh_from_db()
    assert agence.get_mot_de_passe_ants() == "Nouveau-1"


@pytest.mark.django_db
def test_saving_an_agency_logs_no_password(admin_client, caplog):
    agence = AgenceFactory(mot_de_passe=PASSWORD)
    with caplog.at_level(logging.DEBUG):
        admin_client.post(change_url(agence), form_data(agence, mot_de_passe_ants="Nouveau-1"))
    assert "Nouveau-1" not in caplog.text


@pytest.mark.django_db
def test_badly_formatted_agrement_is_refused_in_french(admin_client):
    agence = AgenceFactory()
    response = admin_client.post(change_url(agence), form_data(agence, numero_agrement="E12345"))
    assert response.status_code == 200
    assert "s&#x27;écrit E suivi de 10 chiffres" in response.content.decode()
    agence.refresh_from_db()
    assert agence.numero_agrement != "E12345"


@pytest.mark.django_db
def test_prefecture_is_chosen_among_those_ants_returned(admin_client):
    agence = AgenceFactory()
    response = admin_client.post(change_url(agence), form_data(agence, prefecture="PARIS"))
    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in response.content.decode()


@pytest.mark.django_db
def test_agency_created_in_the_admin_stores_the_password_encrypted(admin_client):
    modele = AgenceFactory.build(code="NEUF01")
    response = admin_client.post(
        reverse("admin:agences_agence_add"),
        form_data(modele, prefecture="", mot_de_passe_ants=PASSWORD),
    )
    assert response.status_code == 302
    agence = Agence.objects.get(code="NEUF01")
    assert agence.get_mot_de_passe_ants() == PASSWORD
    assert PASSWORD not in agence.mot_de_passe_ants_chiffre


def run_action(client, action, *agences):
    return client.post(
        reverse("admin:agences_agence_changelist"),
        {"action": action, "_selected_action": [agence.pk for agence in agences]},
        follow=True,
    )


@pytest.mark.django_db
def test_update_prefectures_says_which_fields_are_missing(admin_client):
    agence = AgenceFactory(code="VIDE01", code_postal="", identifiant_ants="", mot_de_passe="")
    response = run_action(admin_client, "mettre_a_jour_prefectures", agence)
    assert (
        "Mise à jour de la liste des préfectures impossible pour l&#x27;agence VIDE01 : renseignez "
        "le code postal, l&#x27;identifiant ANTS et le mot de passe ANTS."
    ) in response.content.decode()


@pytest.mark.django_db
def test_test_connexion_names_the_responsible_agency_when_its_credentials_are_missing(admin_client):
    siege = AgenceFactory(code="SIEGE01", numero_agrement="")
    bureau = AgenceFactory(code="BUREAU01", agence_responsable=siege, numero_agrement="", mot_de_passe="")
    response = run_action(admin_client, "tester_connexion_ants", bureau)
    assert (
        "Test de connexion à l&#x27;ANTS impossible pour l&#x27;agence BUREAU01 : renseignez "
        "le numéro d&#x27;agrément Cerfa de l&#x27;agence responsable SIEGE01."
    ) in response.content.decode()


@pytest.mark.django_db
def test_agency_cannot_be_its_own_responsible_chain(admin_client):
    siege = AgenceFactory(code="SIEGE01")
    bureau = AgenceFactory(code="BUREAU01", agence_responsable=siege)
    response = admin_client.post(change_url(siege), form_data(siege, agence_responsable=bureau.pk))
    assert response.status_code == 200
    assert "doit être une autre agence qui utilise ses propres" in response.content.decode()


@pytest.mark.django_db
def test_user_form_shows_agencies_and_ants_rights_in_plain_french(admin_client):
    user = UserFactory(agences=[AgenceFactory()])
    html = admin_client.get(reverse("admin:agences_user_change", args=[user.pk])).content.decode()
    assert 'name="agences_attribuees"' in html
    assert "Peut supprimer le code ePhoto" in html
    assert 'name="user_permissions"' not in html


@pytest.mark.django_db
def test_form_redisplayed_with_errors_does_not_echo_the_typed_password(admin_client):
    agence = AgenceFactory()
    response = admin_client.post(
        change_url(agence), form_data(agence, numero_agrement="E12345", mot_de_passe_ants=PASSWORD)
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert PASSWORD not in html
    assert 'value="E12345"' in html  # the rest of what was typed is kept


@pytest.mark.django_db
def test_agency_responsible_for_others_cannot_take_a_responsible_agency(admin_client):
    siege, autre = AgenceFactory(code="SIEGE01"), AgenceFactory(code="AUTRE01")
    AgenceFactory(code="BUREAU01", agence_responsable=siege)
    response = admin_client.post(change_url(siege), form_data(siege, agence_responsable=autre.pk))
    assert response.status_code == 200
    assert "elle garde ses propres identifiants" in response.content.decode()
