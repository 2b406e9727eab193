"""Reads of student data, always scoped to the user's agencies."""

from django.db.models import Q, QuerySet

from agences.access import scope_for_user

from .models import Eleve
from .noms import cle_recherche

TYPEAHEAD_LIMIT = 10
# A name is found by its first letters: a few short words are all a search needs. Unbounded, a
# pasted text of 2,000 words made a query of 6,000 conditions that held a worker for 10 s.
RECHERCHE_LONGUEUR_MAX = 100
RECHERCHE_MOTS_MAX = 5


def eleves_for_user(user) -> QuerySet[Eleve]:
    return scope_for_user(Eleve.objects.select_related("agence"), user)


def eleve_search(*, user, texte: str) -> QuerySet[Eleve]:
    """Students whose nom de naissance, nom d'usage or prénom starts with the first word typed.

    Further words must each start one of those names too ("DUPONT JE"). The first word drives the
    three prefix indexes (a BitmapOr on PostgreSQL); the others only filter what it found. Only the
    first RECHERCHE_MOTS_MAX words of the first RECHERCHE_LONGUEUR_MAX characters count.
    """
    eleves = eleves_for_user(user)
    for mot in cle_recherche(texte[:RECHERCHE_LONGUEUR_MAX]).split()[:RECHERCHE_MOTS_MAX]:
        eleves = eleves.filter(
            Q(recherche_nom__startswith=mot)
            | Q(recherche_nom_usage__startswith=mot)
            | Q(recherche_prenom__startswith=mot)
        )
    return eleves


def eleves_meme_email(eleve: Eleve) -> QuerySet[Eleve]:
    """Other students of the same agency with the same email: ANTS refuses a shared address.

    Only the student's agency: a warning about another agency's student would tell whoever types
    an address that it is known there (ANTS itself refuses the address at sending, see
    ants.client). Emails are stored lowercased by eleves.services, so this equality uses the index.
    """
    if not eleve.email:
        return Eleve.objects.none()
    return Eleve.objects.filter(agence_id=eleve.agence_id, email=eleve.email.lower()).exclude(pk=eleve.pk)
