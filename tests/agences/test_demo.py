import io

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command

from agences import access
from agences.models import Agence, User


def seed_demo():
    call_command("seed_demo", stdout=io.StringIO())


@pytest.mark.django_db
def test_seed_demo_is_idempotent():
    seed_demo()
    seed_demo()
    assert Agence.objects.count() == 2
    assert User.objects.count() == 2


@pytest.mark.django_db
def test_demo_agencies_hold_the_sandbox_credentials_encrypted():
    seed_demo()
    lyon = Agence.objects.get(code="LYON01")
    assert (lyon.numero_agrement, lyon.identifiant_ants, lyon.prefecture) == (
        "E2406900010",
        "ae-lyon",
        "RHONE",
    )
    assert lyon.get_mot_de_passe_ants() == "sandbox-lyon"
    assert Agence.objects.get(code="VILLEU01").get_mot_de_passe_ants() == "sandbox-villeurbanne"


@pytest.mark.django_db
def test_demo_manager_has_every_agency_and_every_ants_right(rf):
    seed_demo()
    dirigeant = authenticate(rf.post("/connexion/"), username="dirigeant", password="autoecole")
    assert dirigeant.is_staff and not dirigeant.is_superuser
    assert set(access.agences_for_user(dirigeant).values_list("code", flat=True)) == {"LYON01", "VILLEU01"}
    assert all(dirigeant.has_perm(permission) for permission in access.ANTS_PERMISSIONS)
    assert dirigeant.has_perm("agences.change_agence")


@pytest.mark.django_db
def test_demo_secretary_has_lyon_and_only_the_right_to_validate(rf):
    seed_demo()
    secretaire = authenticate(rf.post("/connexion/"), username="secretaire", password="autoecole")
    assert list(access.agences_for_user(secretaire).values_list("code", flat=True)) == ["LYON01"]
    assert secretaire.has_perm(access.VALIDER_DEMANDE)
    assert not secretaire.has_perm(access.SUPPRIMER_DEMANDE)
    assert not secretaire.has_perm(access.SUPPRIMER_CODE_EPHOTO)
    assert not secretaire.is_staff
