"""Demo data (`manage.py seed_demo`): one school, two agencies, a manager and a secretary.

The agencies' ANTS credentials are the accounts the ANTS sandbox seeds (ants_sandbox command).
Everything is keyed on natural keys (agency code, username), so running it again changes nothing.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction

from .access import ANTS_PERMISSIONS, VALIDER_DEMANDE
from .models import Agence, TypeVoie, User

DEMO_PASSWORD = "autoecole"  # noqa: S105 - demo data only, printed by `make run` and in the README
PREFECTURE_RHONE = {"code": "RHONE", "nom": "Préfecture du Rhône"}

AGENCES = [
    {
        "code": "LYON01",
        "nom": "Auto-école du Rhône — Lyon",
        "numero_voie": "12",
        "type_voie": TypeVoie.RUE,
        "nom_voie": "de la République",
        "code_postal": "69002",
        "ville": "LYON",
        "numero_agrement": "E2406900010",
        "identifiant_ants": "ae-lyon",
        "mot_de_passe": "sandbox-lyon",
    },
    {
        "code": "VILLEU01",
        "nom": "Auto-école du Rhône — Villeurbanne",
        "numero_voie": "5",
        "type_voie": TypeVoie.COURS,
        "nom_voie": "Émile Zola",
        "code_postal": "69100",
        "ville": "VILLEURBANNE",
        "numero_agrement": "E2406900028",
        "identifiant_ants": "ae-villeurbanne",
        "mot_de_passe": "sandbox-villeurbanne",
    },
]

# Django admin rights a manager needs to set his agencies, their ANTS credentials, and his users'
# agencies and ANTS rights, and to read who downloaded his students' documents; the admin scopes each
# to his own agencies (agences/access.py). Groups and the schedule are the superuser's.
DIRIGEANT_ADMIN_PERMISSIONS = [
    ("agences", "view_agence"),
    ("agences", "add_agence"),
    ("agences", "change_agence"),
    ("agences", "view_user"),
    ("agences", "add_user"),
    ("agences", "change_user"),
    ("documents", "view_accesdocument"),
]


def seed_demo_agences() -> list[Agence]:
    agences = []
    for data in AGENCES:
        fields = {key: value for key, value in data.items() if key not in ("code", "mot_de_passe")}
        agence, _created = Agence.objects.update_or_create(
            code=data["code"],
            defaults={**fields, "prefectures_disponibles": [PREFECTURE_RHONE], "prefecture": "RHONE"},
        )
        agence.set_mot_de_passe_ants(data["mot_de_passe"])
        agence.full_clean()
        agence.save(update_fields=["mot_de_passe_ants_chiffre"])
        agences.append(agence)
    return agences


def _permissions(pairs) -> list[Permission]:
    return [Permission.objects.get(content_type__app_label=app, codename=codename) for app, codename in pairs]


def _user(username: str, **fields) -> User:
    user, _created = User.objects.update_or_create(username=username, defaults=fields)
    user.set_password(DEMO_PASSWORD)
    user.save(update_fields=["password"])
    return user


def seed_demo_users(agences: list[Agence]) -> list[User]:
    lyon = next(agence for agence in agences if agence.code == "LYON01")
    groupe, _created = Group.objects.get_or_create(name="Dirigeants")
    groupe.permissions.set(_permissions(DIRIGEANT_ADMIN_PERMISSIONS))

    dirigeant = _user(
        "dirigeant", first_name="Claire", last_name="Martin", email="dirigeant@example.org", is_staff=True
    )
    dirigeant.agences.set(agences)
    dirigeant.groups.set([groupe])
    dirigeant.user_permissions.set(_permissions(p.split(".") for p in ANTS_PERMISSIONS))

    secretaire = _user(
        "secretaire", first_name="Sophie", last_name="Bernard", email="secretaire@example.org", is_staff=False
    )
    secretaire.agences.set([lyon])
    secretaire.user_permissions.set(_permissions([VALIDER_DEMANDE.split(".")]))
    return [dirigeant, secretaire]


@transaction.atomic
def seed_demo() -> tuple[list[Agence], list[User]]:
    agences = seed_demo_agences()
    return agences, seed_demo_users(agences)
