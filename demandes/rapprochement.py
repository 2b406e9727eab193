"""After an answer ANTS never gave: did it act? Three answers — yes (with what it made), no, or
cannot tell yet — so that nothing is sent twice and nothing is taken as failed too soon.

Creates and uploads are looked up by the client's reconciliation (ants.client.reconcile); the
other writes by a direct read of the demande, which the vanishing anomaly does not touch.
"""

from datetime import datetime

from ants.client import (
    AntsClient,
    BelongsToAnotherAccount,
    DemandeInput,
    Lookup,
    LookupState,
    find_demande_created,
    find_piece_uploaded,
)
from ants.client.types import Statut

from .regles import STATUTS_VALIDATION


def _selon(condition: bool, lue) -> Lookup:
    return Lookup(LookupState.FOUND, lue) if condition else Lookup(LookupState.ABSENT)


def demande_creee(client: AntsClient, demande: DemandeInput, depuis: datetime) -> Lookup:
    return find_demande_created(client, demande, since=depuis)


def fichier_depose(
    client: AntsClient, numero: str, code: str, *, nom: str, taille: int, pages: int, depuis: datetime
) -> Lookup:
    return find_piece_uploaded(client, numero, code, since=depuis, taille=taille, pages=pages, filename=nom)


def demande_validee(client: AntsClient, numero: str) -> Lookup:
    lue = client.get_demande(numero)
    return _selon(lue.statut not in STATUTS_VALIDATION, lue)


def ephoto_definie(client: AntsClient, numero: str) -> Lookup:
    lue = client.get_demande(numero)
    return _selon(lue.ephoto_present, lue)


def demande_transferee(client: AntsClient, numero: str) -> Lookup:
    try:
        lue = client.get_demande(numero)
    except BelongsToAnotherAccount:
        return Lookup(LookupState.ABSENT)
    return _selon(lue.statut != Statut.TRANSFEREE, lue)
