import pytest

from ants.client import AntsCredentials
from tests.ants.client_helpers import client, demande_input


@pytest.fixture
def sleeps():
    """The waits a test client records instead of sleeping them."""
    return []


@pytest.fixture
def ants(ants_sandbox, ants_account, sleeps):
    """A client on a fresh sandbox account."""
    credentials = AntsCredentials(
        ants_account["agrement"], ants_account["identifiant"], ants_account["mot_de_passe"]
    )
    return client(credentials, ants_sandbox.url, sleeps)


@pytest.fixture
def brouillon(ants):
    return ants.create_demande(demande_input())
