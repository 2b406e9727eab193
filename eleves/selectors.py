"""Reads of student data, always scoped to the user's agencies."""

from django.db.models import Q, QuerySet

from agences.access import scope_for_user

from .models import Eleve
from .noms import cle_recherche

TYPEAHEAD_LIMIT = 10


def eleves_for_user(user) -> QuerySet[Eleve]:
    return scope_for_user(Eleve.objects.select_related("agence"), user)


def eleve_search(*, user, texte: str) -> QuerySet[Eleve]:
    """Students whose nom de naissance, nom d'usage or prénom starts with the first word typed.

    Further words must each start one of those names too ("DUPONT JE"). The first word drives the
    three prefix indexes (a BitmapOr on PostgreSQL); the others only filter what it found.
    """
    eleves = eleves_for_user(user)
    for mot in cle_recherche(texte).split():
        eleves = eleves.filter(
            Q(recherche_nom__startswith=mot)
            | Q(recherche_nom_usage__startswith=mot)
            | Q(recherche_prenom__startswith=mot)
        )
    return eleves


def eleves_meme_email(eleve: Eleve) -> QuerySet[Eleve]:
    """Other students (any agency) with the same email: ANTS refuses a shared address.

    Emails are stored lowercased by eleves.services, so this equality uses the email index.
    """
    if not eleve.email:
        return Eleve.objects.none()
    return Eleve.objects.filter(email=eleve.email.lower()).exclude(pk=eleve.pk).select_related("agence")
