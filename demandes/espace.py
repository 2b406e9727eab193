"""Reads of the Espace Administratif: an agency's demandes, filtered, counted, and what is under way.

Kept apart from the page so that other boards (the "À suivre" list) take the same demandes with the
same filter. Every read starts from `demandes_de_l_agence`, which goes through agences.access.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agences.access import scope_for_user
from ants.client.types import TypeDemande
from eleves.selectors import TYPEAHEAD_LIMIT, eleve_search

from .compteurs import (
    Compteurs,
    compter,
    comptes_tenus,
    compteur_du_filtre,
    groupes_des_comptes,
    groupes_des_demandes,
)
from .models import CompteDemandes, Demande, Operation
from .services import cle_relier

# A finished operation stays on its row this long, so that the one who clicked sees how it went.
OPERATION_RECENTE = timedelta(minutes=15)
OPERATIONS_PAR_LIGNE = 3
# The list's narrow column says which Cerfa; the full label is in its tooltip.
TYPES_COURTS = {TypeDemande.CERFA_02: _("Cerfa 02"), TypeDemande.CERFA_06: _("Cerfa 06")}


@dataclass(frozen=True)
class Filtre:
    """The list's search: a counter ("CERFA_02:brouillons"), a number, two date ranges, the unlinked."""

    compteur: str = ""
    numero: str = ""
    cree_du: date | None = None
    cree_au: date | None = None
    modifie_du: date | None = None
    modifie_au: date | None = None
    non_reliees: bool = False

    @property
    def actif(self) -> bool:
        return self != Filtre()


def demandes_de_l_agence(*, user, agence) -> QuerySet[Demande]:
    return scope_for_user(Demande.objects.filter(agence=agence), user)


def compteurs_de_l_agence(*, user, agence) -> Compteurs:
    """The page's counters: from the counts the database keeps, else by counting the demandes."""
    if comptes_tenus():
        comptes = scope_for_user(CompteDemandes.objects.filter(agence=agence), user)
        return compter(groupes_des_comptes(comptes))
    return compter(groupes_des_demandes(demandes_de_l_agence(user=user, agence=agence)))


def _debut(jour: date) -> datetime:
    """Midnight in Paris: a day typed by the user, as the bound of an indexed datetime range."""
    return timezone.make_aware(datetime.combine(jour, time.min))


def _periode(champ: str, du: date | None, au: date | None) -> Q:
    condition = Q()
    if du:
        condition &= Q(**{f"{champ}__gte": _debut(du)})
    if au:
        condition &= Q(**{f"{champ}__lt": _debut(au + timedelta(days=1))})
    return condition


def filtrer(demandes: QuerySet[Demande], filtre: Filtre) -> QuerySet[Demande]:
    choisi = compteur_du_filtre(filtre.compteur)
    if choisi:
        type_demande, compteur = choisi
        demandes = demandes.filter(type=type_demande, statut__in=compteur.statuts)
    if filtre.numero:
        demandes = demandes.filter(numero=filtre.numero)
    if filtre.non_reliees:
        demandes = demandes.filter(eleve__isnull=True)
    return demandes.filter(
        _periode("cree_le", filtre.cree_du, filtre.cree_au),
        _periode("modifie_le", filtre.modifie_du, filtre.modifie_au),
    )


def liste(*, user, agence, filtre: Filtre) -> QuerySet[Demande]:
    """The rows of the list, newest first; the heavy pieces JSON is left in the database."""
    return (
        filtrer(demandes_de_l_agence(user=user, agence=agence), filtre)
        .select_related("eleve")
        .defer("pieces")
        .order_by("-cree_le", "-id")
    )


@dataclass
class Ligne:
    demande: Demande
    operations: list[Operation] = field(default_factory=list)  # open ones, then the recent ones

    @property
    def en_cours(self) -> bool:
        return any(operation.ouverte for operation in self.operations)

    @property
    def type_court(self) -> str:
        return TYPES_COURTS.get(self.demande.type, self.demande.type)

    @property
    def documents(self) -> list[dict]:
        return [d for d in self.demande.documents if d.get("disponible")]


def lignes(demandes) -> list[Ligne]:
    """The page's demandes with their operations under way or just done, in one more query.

    A link has no demande until the worker attached it (once ANTS answered): till then its row
    finds it by its key, which names the demande's number.
    """
    par_pk = {demande.pk: Ligne(demande) for demande in demandes}
    if not par_pk:
        return []
    par_cle = {cle_relier(ligne.demande.numero): ligne for ligne in par_pk.values()}
    recentes = Q(etat__in=Operation.ETATS_OUVERTS) | Q(terminee_le__gte=timezone.now() - OPERATION_RECENTE)
    des_lignes = Q(demande__in=list(par_pk)) | Q(demande__isnull=True, cle__in=list(par_cle))
    operations = (
        Operation.objects.filter(recentes, des_lignes).select_related("eleve").order_by("-demandee_le", "-id")
    )
    for operation in operations:
        ligne = par_pk.get(operation.demande_id) or par_cle.get(operation.cle)
        if ligne is not None and len(ligne.operations) < OPERATIONS_PAR_LIGNE:
            ligne.operations.append(operation)
    return list(par_pk.values())


def eleves_a_relier(*, user, demande: Demande, texte: str) -> list:
    """The dialog's students: those of the demande's agency whose name starts with what is typed.

    Only that agency: its ANTS account holds the demande, and the worker reads it with the
    student's agency's credentials.
    """
    if not texte.strip():
        return []
    return list(eleve_search(user=user, texte=texte).filter(agence=demande.agence)[:TYPEAHEAD_LIMIT])
