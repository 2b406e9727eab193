"""After an answer ANTS never gave: did it act? Three answers — yes (with what it made), no, or
cannot tell yet — so that nothing is sent twice and nothing is taken as failed too soon."""

import enum
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone

from ants.client import (
    AntsClient,
    BelongsToAnotherAccount,
    DemandeInput,
    find_demande_created,
    find_piece_uploaded,
)
from ants.client.types import Statut

from .regles import STATUTS_VALIDATION

# A listing may not show yet what ANTS did a moment ago: before this delay, "not listed" means "cannot tell".
DELAI_VISIBILITE = timedelta(minutes=10)


class Trouve(enum.Enum):
    OUI = "oui"
    NON = "non"
    INCONNU = "inconnu"


@dataclass(frozen=True)
class Recherche:
    trouve: Trouve
    valeur: object = None


def _absent_ou_inconnu(depuis: datetime) -> Recherche:
    return Recherche(Trouve.NON if timezone.now() - depuis > DELAI_VISIBILITE else Trouve.INCONNU)


def demande_creee(client: AntsClient, demande: DemandeInput, depuis: datetime) -> Recherche:
    trouvee = find_demande_created(client, demande, since=depuis)
    return Recherche(Trouve.OUI, trouvee) if trouvee else _absent_ou_inconnu(depuis)


def fichier_depose(client: AntsClient, numero: str, code: str, *, nom: str, depuis: datetime) -> Recherche:
    fichier = find_piece_uploaded(client, numero, code, filename=nom, since=depuis)
    return Recherche(Trouve.OUI, fichier) if fichier else _absent_ou_inconnu(depuis)


def demande_validee(client: AntsClient, numero: str) -> Recherche:
    # A direct read is reliable (the vanishing anomaly touches listings only).
    lue = client.get_demande(numero)
    return Recherche(Trouve.NON if lue.statut in STATUTS_VALIDATION else Trouve.OUI, lue)


def ephoto_definie(client: AntsClient, numero: str) -> Recherche:
    lue = client.get_demande(numero)
    return Recherche(Trouve.OUI if lue.ephoto_present else Trouve.NON, lue)


def demande_transferee(client: AntsClient, numero: str) -> Recherche:
    try:
        lue = client.get_demande(numero)
    except BelongsToAnotherAccount:
        return Recherche(Trouve.NON)
    return Recherche(Trouve.OUI if lue.statut != Statut.TRANSFEREE else Trouve.NON, lue)
