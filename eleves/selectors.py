"""Reads of student data, always scoped to the user's agencies."""

import re
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, QuerySet

from agences.access import scope_for_user

from .models import Eleve, MotRecherche
from .noms import cle_email, cle_recherche, forme_ants

TYPEAHEAD_LIMIT = 10
# A name is found by its first letters: a few short words are all a search needs. Unbounded, a
# pasted text of 2,000 words made a query of 6,000 conditions that held a worker for 10 s.
RECHERCHE_LONGUEUR_MAX = 100
RECHERCHE_MOTS_MAX = 5
# Read for the typeahead before removing a student found twice (two of its names start alike).
_LUS_PAR_SUGGESTION = 3
_SEPARATEURS_NEPH = re.compile(r"[\s.\-]")


def eleves_for_user(user) -> QuerySet[Eleve]:
    return scope_for_user(Eleve.objects.select_related("agence"), user)


@dataclass(frozen=True)
class Recherche:
    """What was typed, read as words of a kind: names, a NEPH (digits) or an email (with @)."""

    genre: str
    mots: tuple[str, ...]

    @classmethod
    def lire(cls, texte: str) -> "Recherche":
        texte = texte[:RECHERCHE_LONGUEUR_MAX]
        if "@" in texte:
            return cls(MotRecherche.Genre.EMAIL, tuple(filter(None, [cle_email(texte)])))
        compact = _SEPARATEURS_NEPH.sub("", texte)
        if compact.isascii() and compact.isdigit():
            return cls(MotRecherche.Genre.NEPH, (compact,))
        return cls(MotRecherche.Genre.NOM, tuple(cle_recherche(texte).split()[:RECHERCHE_MOTS_MAX]))

    @property
    def principal(self) -> str:
        """The word the index is read by: the longest, which leaves the fewest students."""
        return max(self.mots, key=len)

    @property
    def autres(self) -> list[str]:
        reste = list(self.mots)
        reste.remove(self.principal)
        return reste


def _commence_par(mot: str) -> dict:
    """Words starting with `mot`, as an index range. Words hold only A-Z and 0-9, of which Z sorts
    last in any collation: `mot` followed by Zs is the last word it can start. A range, not LIKE,
    so that the index both finds and orders, whatever the database's collation."""
    mot = mot[: MotRecherche.MOT_MAX]
    return {"mot__gte": mot, "mot__lte": mot + "Z" * (MotRecherche.MOT_MAX - len(mot))}


def _a_un_mot(genre: str, mot: str, *, eleve: str = "pk") -> Exists:
    """The student (the outer query's `eleve` column) has a word starting with `mot`."""
    return Exists(MotRecherche.objects.filter(eleve=OuterRef(eleve), genre=genre, **_commence_par(mot)))


def eleve_search(*, user, texte: str) -> QuerySet[Eleve]:
    """Students one of whose names starts with each word typed ("GALL" finds LE GALL, "DUPONT JE"
    DUPONT JEAN), or whose NEPH or email starts with what is typed; in the lists' order (name).

    Only the first RECHERCHE_MOTS_MAX words of the first RECHERCHE_LONGUEUR_MAX characters count.
    """
    recherche = Recherche.lire(texte)
    if not recherche.mots:
        return Eleve.objects.none()
    trouves = MotRecherche.objects.filter(genre=recherche.genre, **_commence_par(recherche.principal))
    eleves = eleves_for_user(user).filter(pk__in=trouves.values("eleve_id"))
    for mot in recherche.autres:
        eleves = eleves.filter(_a_un_mot(recherche.genre, mot))
    return eleves


def eleve_suggestions(*, user, texte: str, limite: int = TYPEAHEAD_LIMIT) -> list[Eleve]:
    """The typeahead: the first `limite` students for what is typed, in the order of the word found
    (then the name), read along the index without sorting every match (bench/eleves_search.py)."""
    recherche = Recherche.lire(texte)
    if not recherche.mots:
        return []
    mots = scope_for_user(MotRecherche.objects.all(), user, agence_path="eleve__agence").filter(
        genre=recherche.genre, **_commence_par(recherche.principal)
    )
    for mot in recherche.autres:
        mots = mots.filter(_a_un_mot(recherche.genre, mot, eleve="eleve_id"))
    lus = mots.select_related("eleve__agence").order_by("mot", "ordre", "eleve_id")
    eleves = {mot.eleve_id: mot.eleve for mot in lus[: limite * _LUS_PAR_SUGGESTION]}
    return list(eleves.values())[:limite]


def doublons_probables(*, user, eleve: Eleve) -> QuerySet[Eleve]:
    """Students of the user's agencies who are the same person in ANTS's sense: the same birth name,
    first given name and birth date, compared in ANTS's form (the form they are stored in)."""
    return (
        eleves_for_user(user)
        .filter(
            nom_naissance=forme_ants(eleve.nom_naissance),
            prenom=forme_ants(eleve.prenom),
            date_naissance=eleve.date_naissance,
        )
        .exclude(pk=eleve.pk)
    )


def eleves_meme_email(eleve: Eleve) -> QuerySet[Eleve]:
    """Other students of the same agency with the same email: ANTS refuses a shared address.

    Only the student's agency: a warning about another agency's student would tell whoever types
    an address that it is known there (ANTS itself refuses the address at sending, see
    ants.client). Emails are stored lowercased by eleves.services, so this equality uses the index.
    """
    if not eleve.email:
        return Eleve.objects.none()
    return Eleve.objects.filter(agence_id=eleve.agence_id, email=eleve.email.lower()).exclude(pk=eleve.pk)
