"""Fixtures of « À suivre »: the demandes area's (sandbox agency, student, secretary, drafts), a real
SMTP server, and a clock that moves on both sides: the sandbox's and ours."""

from datetime import datetime

import environ
import pytest

from tests.demandes.conftest import (  # noqa: F401 - fixtures shared with the demandes area
    _cache_vide,
    agence,
    brouillon,
    client_secretaire,
    document,
    eager,
    eleve,
    executer,
    pieces_requises,
    secretaire,
)
from tests.smtp import ServeurSmtp


@pytest.fixture
def serveur_smtp(settings):
    """A real SMTP server on 127.0.0.1, reached as production would through EMAIL_URL."""
    serveur = ServeurSmtp().demarrer()
    for nom, valeur in environ.Env.email_url_config(f"smtp://127.0.0.1:{serveur.port}").items():
        setattr(settings, nom, valeur)
    settings.EMAIL_TIMEOUT = 5
    yield serveur
    serveur.arreter()


@pytest.fixture
def horloge(ants_sandbox, time_machine):
    """`horloge(days=…, seconds=…)`: the sandbox clock moves forward, and ours to the same moment."""

    def avancer(**duree) -> datetime:
        maintenant = datetime.fromisoformat(ants_sandbox.control("clock", **duree)["now"])
        time_machine.move_to(maintenant)
        return maintenant

    return avancer
