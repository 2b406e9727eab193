"""The escalation chain found on the old admin, replayed step by step: every step is refused."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django_celery_beat.models import IntervalSchedule, PeriodicTask

from agences import services
from agences.demo import DIRIGEANT_ADMIN_PERMISSIONS
from agences.models import Agence, User
from tests.agences.test_admin import form_data
from tests.factories import AgenceFactory, UserFactory

DIRIGEANT = [f"{app}.{codename}" for app, codename in DIRIGEANT_ADMIN_PERMISSIONS]
VALIDER = "agences.valider_demande"
SUPPRIMER_EPHOTO = "agences.supprimer_code_ephoto"
NEW_PASSWORD = "Pirate-123!"


@pytest.fixture
def agence_a(db):
    return AgenceFactory(code="ALPHA")


@pytest.fixture
def agence_b(db):
    return AgenceFactory(code="BETA")


@pytest.fixture
def manager(agence_a):
    return UserFactory(
        username="manager", is_staff=True, agences=[agence_a], permissions=[*DIRIGEANT, VALIDER]
    )


@pytest.fixture
def secretaire(agence_a):
    return UserFactory(username="secretaire", agences=[agence_a])


@pytest.fixture
def manager_client(client, manager):
    client.force_login(manager)
    return client


def user_data(user, **overrides):
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": "on",
        "agences_attribuees": list(user.agences.values_list("pk", flat=True)),
    }
    return {**data, **overrides}


def change_user(client, user, **overrides):
    return client.post(reverse("admin:agences_user_change", args=[user.pk]), user_data(user, **overrides))


def test_manager_cannot_edit_himself(manager_client, manager, agence_b):
    change_user(manager_client, manager, agences_attribuees=[a.pk for a in Agence.objects.all()])
    assert list(manager.agences.all()) == list(Agence.objects.filter(code="ALPHA"))


def test_manager_cannot_give_an_agency_he_does_not_manage(manager_client, secretaire, agence_a, agence_b):
    response = change_user(manager_client, secretaire, agences_attribuees=[agence_a.pk, agence_b.pk])
    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in response.content.decode()
    assert list(secretaire.agences.all()) == [agence_a]


def test_manager_cannot_make_a_user_staff_or_superuser_or_give_raw_permissions(manager_client, secretaire):
    everything = list(Permission.objects.values_list("pk", flat=True))
    change_user(manager_client, secretaire, is_staff="on", is_superuser="on", user_permissions=everything)
    secretaire.refresh_from_db()
    assert not secretaire.is_staff and not secretaire.is_superuser
    assert secretaire.user_permissions.count() == 0


def test_manager_can_give_the_ants_right_he_holds(manager_client, secretaire):
    response = change_user(manager_client, secretaire, peut_valider_demande="on")
    assert response.status_code == 302
    assert User.objects.get(pk=secretaire.pk).has_perm(VALIDER)


def test_manager_cannot_give_an_ants_right_he_does_not_hold(manager_client, secretaire):
    change_user(manager_client, secretaire, peut_supprimer_code_ephoto="on")
    assert not User.objects.get(pk=secretaire.pk).has_perm(SUPPRIMER_EPHOTO)


def test_a_right_the_manager_does_not_hold_is_shown_locked_and_kept(manager_client, agence_a):
    secretaire = UserFactory(agences=[agence_a], permissions=[SUPPRIMER_EPHOTO])
    html = manager_client.get(reverse("admin:agences_user_change", args=[secretaire.pk])).content.decode()
    assert "Vous n'avez pas ce droit : vous ne pouvez pas le donner." in html
    change_user(manager_client, secretaire)
    assert User.objects.get(pk=secretaire.pk).has_perm(SUPPRIMER_EPHOTO)


def test_manager_cannot_reset_the_superusers_password(manager_client):
    root = UserFactory(username="root", is_staff=True, is_superuser=True)
    url = reverse("admin:auth_user_password_change", args=[root.pk])
    manager_client.post(
        url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"}
    )
    root.refresh_from_db()
    assert not root.check_password(NEW_PASSWORD)


def test_manager_cannot_reset_another_managers_password(manager_client, agence_a):
    other = UserFactory(is_staff=True, agences=[agence_a], permissions=DIRIGEANT)
    url = reverse("admin:auth_user_password_change", args=[other.pk])
    manager_client.post(
        url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"}
    )
    other.refresh_from_db()
    assert not other.check_password(NEW_PASSWORD)


def test_manager_can_set_his_secretarys_password(manager_client, secretaire):
    url = reverse("admin:auth_user_password_change", args=[secretaire.pk])
    manager_client.post(
        url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"}
    )
    secretaire.refresh_from_db()
    assert secretaire.check_password(NEW_PASSWORD)


def test_manager_cannot_edit_groups(manager_client):
    groupe = Group.objects.create(name="Dirigeants")
    everything = list(Permission.objects.values_list("pk", flat=True))
    url = reverse("admin:auth_group_change", args=[groupe.pk])
    response = manager_client.post(url, {"name": "Dirigeants", "permissions": everything})
    assert response.status_code == 403
    assert groupe.permissions.count() == 0


def test_manager_cannot_edit_the_schedule(manager_client):
    schedule = IntervalSchedule.objects.create(every=1, period=IntervalSchedule.DAYS)
    tache = PeriodicTask.objects.create(name="nuit", task="celery.backend_cleanup", interval=schedule)
    url = reverse("admin:django_celery_beat_periodictask_change", args=[tache.pk])
    response = manager_client.post(url, {"name": "nuit", "task": "pirate", "interval": schedule.pk})
    assert response.status_code == 403
    tache.refresh_from_db()
    assert tache.task == "celery.backend_cleanup"


def test_manager_cannot_change_another_agencys_credentials(manager_client, agence_b):
    url = reverse("admin:agences_agence_change", args=[agence_b.pk])
    manager_client.post(url, form_data(agence_b, identifiant_ants="pirate", mot_de_passe_ants="pirate"))
    agence_b.refresh_from_db()
    assert agence_b.identifiant_ants != "pirate"
    assert agence_b.get_mot_de_passe_ants() != "pirate"


def add_user(client, **overrides):
    data = {
        "username": "nouveau",
        "usable_password": "true",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
        "first_name": "Léa",
        "last_name": "Roux",
        "email": "lea@example.org",
        **overrides,
    }
    return client.post(reverse("admin:agences_user_add"), data)


def test_manager_cannot_create_a_user_in_another_agency(manager_client, agence_b):
    add_user(manager_client, agences_attribuees=[agence_b.pk])
    assert not User.objects.filter(username="nouveau").exists()


def test_manager_creates_a_plain_user_of_his_agency_whatever_else_is_posted(manager_client, agence_a):
    add_user(manager_client, agences_attribuees=[agence_a.pk], is_staff="on", is_superuser="on")
    nouveau = User.objects.get(username="nouveau")
    assert list(nouveau.agences.all()) == [agence_a]
    assert not nouveau.is_staff and not nouveau.is_superuser


def test_manager_must_give_a_new_user_an_agency(manager_client):
    response = add_user(manager_client)
    assert "Ce champ est obligatoire" in response.content.decode()
    assert not User.objects.filter(username="nouveau").exists()


def test_agency_created_by_a_manager_is_his(manager_client, manager):
    modele = AgenceFactory.build(code="NEUF01")
    manager_client.post(reverse("admin:agences_agence_add"), form_data(modele, prefecture=""))
    assert manager.agences.filter(code="NEUF01").exists()


def test_manager_cannot_delete_an_agency(manager_client, agence_a):
    manager_client.post(reverse("admin:agences_agence_delete", args=[agence_a.pk]), {"post": "yes"})
    assert Agence.objects.filter(pk=agence_a.pk).exists()


def test_access_service_refuses_a_foreign_agency_whatever_the_form(manager, secretaire, agence_b):
    with pytest.raises(PermissionDenied):
        services.user_set_access(user=secretaire, agences=[agence_b], permissions=set(), by=manager)


def test_access_service_refuses_a_user_the_manager_does_not_manage(manager, agence_b):
    other = UserFactory(agences=[agence_b])
    with pytest.raises(PermissionDenied):
        services.user_set_access(user=other, agences=[], permissions=set(), by=manager)
