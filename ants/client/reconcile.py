"""Reconciliation after an UnknownOutcome: find what ANTS did, using only the client's public calls."""

from datetime import datetime, timedelta

from .api import AntsClient
from .types import Demande, DemandeInput, DemandeResume, PieceFichier

# Our clock and ANTS's may differ a little; a demande "created since" allows for it.
CLOCK_SKEW = timedelta(minutes=10)


def find_demande_created(client: AntsClient, demande: DemandeInput, since: datetime) -> Demande | None:
    """The demande that a lost create_demande(demande) made on ANTS after `since`, or None if none was.

    `since` is an aware datetime taken before sending (UnknownOutcome.sent_at).

    Looks up the account's demandes for the candidate's email created since that day (one listing
    call, plus one to load the match) and keeps those of the same type, motif and person. Several
    matches cannot come from one create (ANTS refuses a second open demande of a type for a person);
    the newest is returned.
    """
    earliest = since - CLOCK_SKEW
    matches = [
        resume
        for resume in client.list_demandes(email=demande.candidat.email, cree_depuis=earliest.date())
        if resume.cree_le >= earliest and _same(resume, demande)
    ]
    if not matches:
        return None
    newest = max(matches, key=lambda resume: (resume.cree_le, resume.numero))
    return client.get_demande(newest.numero)


def _same(resume: DemandeResume, demande: DemandeInput) -> bool:
    candidat = demande.candidat
    return (
        resume.type == demande.type
        and resume.motif == demande.motif
        and resume.candidat.nom_naissance == candidat.nom_naissance
        and resume.candidat.prenom == candidat.prenom
        and resume.candidat.date_naissance == candidat.date_naissance
    )


def find_piece_uploaded(
    client: AntsClient, numero: str, code: str, *, filename: str, since: datetime
) -> PieceFichier | None:
    """The file that a lost upload_piece(numero, code, filename=...) stored after `since`, or None."""
    earliest = since - CLOCK_SKEW
    pieces = [piece for piece in client.list_pieces(numero) if piece.code == code]
    matches = [f for piece in pieces for f in piece.fichiers if f.nom == filename and f.depose_le >= earliest]
    return max(matches, key=lambda fichier: fichier.depose_le, default=None)
