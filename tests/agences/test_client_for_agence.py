"""client_for_agence: the responsible agency's credentials, or a clear French error."""

import pytest

from agences.models import Agence
from agences.services import client_for_agence
from ants.client import CredentialsIncomplete

pytestmark = pytest.mark.django_db


def agence(code, **fields):
    password = fields.pop("mot_de_passe", "")
    instance = Agence(code=code, nom=f"Agence {code}", **fields)
    instance.set_mot_de_passe_ants(password)
    instance.save()
    return instance


def test_an_attached_agency_uses_its_responsible_agencys_account():
    siege = agence("SIEGE", numero_agrement="E2406900010", identifiant_ants="ae-lyon", mot_de_passe="pw")
    bureau = agence("BUREAU", agence_responsable=siege)

    credentials = client_for_agence(bureau).transport.credentials

    assert (credentials.agrement, credentials.identifiant, credentials.mot_de_passe) == (
        "E2406900010",
        "ae-lyon",
        "pw",
    )


def test_missing_credentials_are_named_in_french():
    siege = agence("SIEGE", numero_agrement="E2406900010")
    bureau = agence("BUREAU", agence_responsable=siege)

    with pytest.raises(CredentialsIncomplete) as raised:
        client_for_agence(bureau)

    assert raised.value.message == (
        "Identifiants ANTS incomplets pour l'agence BUREAU Agence BUREAU : renseignez "
        "l'identifiant ANTS de l'agence responsable SIEGE, le mot de passe ANTS de l'agence responsable "
        "SIEGE dans l'administration."
    )


def test_the_password_is_not_in_the_clients_or_credentials_repr():
    siege = agence(
        "SIEGE", numero_agrement="E2406900010", identifiant_ants="ae-lyon", mot_de_passe="tres-secret"
    )

    client = client_for_agence(siege)

    assert "tres-secret" not in repr(client) + repr(client.transport.credentials)
