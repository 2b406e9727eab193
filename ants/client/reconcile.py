"""Reconciliation after an UnknownOutcome: what did ANTS do with the write whose answer was lost?

Three answers (docs/ants-api.md, "Client", "Reconciliation"): FOUND, with what ANTS holds; ABSENT,
ANTS surely did not apply it, so the caller may send it again; UNKNOWN, cannot tell yet, so the
operation stays "à vérifier" and is looked up again later, never sent again. Only the client's
public calls are used.
"""

import enum
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Generic, TypeVar

from django.conf import settings
from django.utils import timezone

from .api import AntsClient
from .errors import AntsUnavailable, NotFound
from .types import DemandeAnts, DemandeInput, DemandeResume, PieceFichier

# Our clock and ANTS's may differ a little: "created since we sent" allows for it.
CLOCK_SKEW = timedelta(minutes=10)

T = TypeVar("T")


class LookupState(enum.StrEnum):
    FOUND = "found"
    ABSENT = "absent"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Lookup(Generic[T]):
    state: LookupState
    value: T | None = None  # what ANTS holds, when FOUND
    message: str = ""  # French: why ABSENT or UNKNOWN, fit to show beside "à vérifier"

    @property
    def found(self) -> bool:
        return self.state is LookupState.FOUND

    @property
    def absent(self) -> bool:
        return self.state is LookupState.ABSENT

    @property
    def unknown(self) -> bool:
        return self.state is LookupState.UNKNOWN


def _found(value) -> Lookup:
    return Lookup(LookupState.FOUND, value)


def _unknown(message: str) -> Lookup:
    return Lookup(LookupState.UNKNOWN, message=message)


_TOO_EARLY = "L'ANTS peut encore appliquer l'envoi : nouvelle vérification plus tard."


def find_demande_created(
    client: AntsClient, demande: DemandeInput, since: datetime, *, now: datetime | None = None
) -> Lookup[DemandeAnts]:
    """What a lost create_demande(demande), sent at `since` (UnknownOutcome.sent_at), did on ANTS.

    FOUND: the account lists a demande of the same type, motif and person (names compared loosely,
    ANTS may clean them), created since `since`, and ANTS returns it. UNKNOWN: the listing is
    inconsistent, a demande of that type for this email was created since but differs, ANTS may
    still apply the create (less than ANTS_APPLY_DELAY_MAX since `since`), or the account lists no
    demande at all (the vanishing anomaly hides every demande of an account at once). ABSENT
    otherwise: a consistent listing shows other demandes of the account but not this one.
    """
    earliest = _aware(since) - CLOCK_SKEW
    try:
        listing = client.list_demandes(email=demande.candidat.email, cree_depuis=earliest)
        recent = [d for d in listing if d.cree_le >= earliest and d.type == demande.type]
        matches = [d for d in recent if _same_demande(d, demande)]
        if matches:
            return _get(client, max(matches, key=lambda d: (d.cree_le, d.numero)).numero)
        if recent:
            return _unknown(
                "Une demande de ce type a été créée depuis l'envoi pour cette adresse e-mail, mais "
                "elle diffère de celle envoyée : vérifiez sur le site de l'ANTS."
            )
        if not listing.consistent:
            return _unknown(
                f"La liste de l'ANTS est incohérente ({listing.problems[0]}) : "
                "nouvelle vérification plus tard."
            )
        if _too_early(since, now):
            return _unknown(_TOO_EARLY)
        if not client.any_demande_listed():
            return _unknown(
                "L'ANTS ne liste aucune demande pour ce compte (anomalie connue : les demandes "
                "disparaissent de la liste quelques heures) : nouvelle vérification plus tard."
            )
    except AntsUnavailable as exc:
        return _unknown(exc.message)
    return Lookup(LookupState.ABSENT, message="L'ANTS n'a pas créé la demande : elle peut être renvoyée.")


def _get(client: AntsClient, numero: str) -> Lookup[DemandeAnts]:
    try:
        return _found(client.get_demande(numero))
    except NotFound:
        return _unknown(
            f"La demande {numero} est listée par l'ANTS mais introuvable : nouvelle vérification plus tard."
        )


def _same_demande(resume: DemandeResume, demande: DemandeInput) -> bool:
    candidat = demande.candidat
    return (
        resume.motif == demande.motif
        and _loose(resume.candidat.nom_naissance) == _loose(candidat.nom_naissance)
        and _loose(resume.candidat.prenom) == _loose(candidat.prenom)
        and resume.candidat.date_naissance == candidat.date_naissance
    )


@dataclass(frozen=True)
class _Sent:
    taille: int | None
    pages: int | None
    content_type: str
    filename: str

    def fits(self, fichier: PieceFichier) -> bool:
        """Everything given that ANTS does not alter agrees (the name only when nothing else is)."""
        given = [
            (sent, held)
            for sent, held in (
                (self.taille, fichier.taille),
                (self.pages, fichier.pages),
                (self.content_type, _media_type(fichier.type)),
            )
            if sent not in (None, "")
        ]
        if given:
            return all(sent == held for sent, held in given)
        return _loose(fichier.nom) == _loose(self.filename)

    def resembles(self, fichier: PieceFichier) -> bool:
        same_name = bool(self.filename) and _loose(fichier.nom) == _loose(self.filename)
        return fichier.taille == self.taille or same_name


def find_piece_uploaded(
    client: AntsClient,
    numero: str,
    code: str,
    *,
    since: datetime,
    taille: int | None = None,
    pages: int | None = None,
    content_type: str = "",
    filename: str = "",
    now: datetime | None = None,
) -> Lookup[PieceFichier]:
    """What a lost upload_piece(numero, code, …), sent at `since`, did on ANTS.

    Describe what was sent: `taille` (the bytes sent, the surest), `pages`, `content_type`,
    `filename` (ANTS may store a cleaned-up name: compared loosely, and used alone only when
    nothing else is given). FOUND: a file of that piece deposited since `since` agrees with it
    (the closest name, then the newest, among several). UNKNOWN: a file deposited since only
    resembles it (same size or name), the piece is not listed, or ANTS may still apply the upload.
    ABSENT otherwise: the demande's pieces, read directly (the vanishing anomaly concerns the list
    of demandes only), hold no such file.
    """
    sent = _Sent(taille, pages, _media_type(content_type), filename)
    if sent == _Sent(None, None, "", ""):
        raise ValueError("find_piece_uploaded needs what was sent: taille, pages, content_type or filename")
    earliest = _aware(since) - CLOCK_SKEW
    try:
        piece = next((p for p in client.list_pieces(numero) if p.code == code), None)
    except AntsUnavailable as exc:
        return _unknown(exc.message)
    if piece is None:
        return _unknown(f"L'ANTS ne liste pas la pièce {code} pour cette demande : vérifiez sur son site.")
    recent = [f for f in piece.fichiers if f.depose_le >= earliest]
    matches = [f for f in recent if sent.fits(f)]
    if matches:
        closest = max(
            matches, key=lambda f: (f.nom == filename, _loose(f.nom) == _loose(filename), f.depose_le)
        )
        return _found(closest)
    if any(sent.resembles(f) for f in recent):
        return _unknown(
            "Un fichier déposé depuis l'envoi ressemble à celui-ci sans lui correspondre : "
            "vérifiez sur le site de l'ANTS."
        )
    if _too_early(since, now):
        return _unknown(_TOO_EARLY)
    return Lookup(
        LookupState.ABSENT, message="Le fichier n'a pas été déposé à l'ANTS : il peut être renvoyé."
    )


def _too_early(since: datetime, now: datetime | None) -> bool:
    """ANTS may apply a request late: nothing is concluded before ANTS_APPLY_DELAY_MAX has passed."""
    return (now or timezone.now()) < _aware(since) + timedelta(seconds=settings.ANTS_APPLY_DELAY_MAX)


def _aware(value: datetime) -> datetime:
    return value if timezone.is_aware(value) else timezone.make_aware(value)


def _loose(text: str) -> str:
    """Letters and digits, no accent, no case: "Carte d'identité (1).pdf" ~ "Carte_d_identite__1_.pdf"."""
    ascii_only = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in ascii_only.casefold() if ch.isalnum())


def _media_type(value: str) -> str:
    return value.split(";")[0].strip().lower()
