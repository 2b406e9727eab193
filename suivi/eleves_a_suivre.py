"""The board's lines about students rather than demandes: an ePhoto code that already served, a
file ready to send."""

from django.db import models
from django.db.models import Exists, OuterRef, Q, Subquery
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext as _

from agences.access import scope_for_user
from ants.client.types import Statut, TypeDemande
from demandes.models import Demande, Operation
from demandes.regles import STATUTS_OUVERTS, SUPPRIMEE
from eleves.models import Eleve
from eleves.regles import CHAMPS_REQUIS
from eleves.verification import problemes_envoi

from .lignes import PAR_CLE, Action, Ligne

# A student with a demande of that type in one of these needs no new one (and no new code).
VIVANTES = (*STATUTS_OUVERTS, Statut.ACCEPTEE, Statut.A_TRAITER_CERFA_06, Statut.TRANSFEREE)
CHAMP_CODE = {
    TypeDemande.CERFA_02: "dossier__code_ephoto_02",
    TypeDemande.CERFA_06: "dossier__code_ephoto_06",
}


def _code_consomme(champ: str):
    """The demande that consumed the file's code: one of the student's, sent with it, then validated
    (ANTS marks a code used at the school's validation; a draft deleted frees it)."""
    envois = (
        Operation.objects.filter(
            eleve=OuterRef("pk"),
            etat=Operation.Etat.FAITE,
            action__in=[Operation.Action.CREER, Operation.Action.DEFINIR_EPHOTO],
        )
        .annotate(code=Coalesce(KeyTextTransform("code_ephoto", "envoi"), KeyTextTransform("code", "entree")))
        .filter(code=OuterRef(champ))
        .filter(Q(demande__valide_le__isnull=False) | ~Q(demande__statut__in=[Statut.BROUILLON, SUPPRIMEE]))
    )
    return Subquery(envois.order_by("-demandee_le").values("demande__numero")[:1])


def lignes_codes_utilises(user, agences) -> list[Ligne]:
    eleves = scope_for_user(Eleve.objects.filter(agence__in=agences), user)
    lignes = []
    for type_demande, champ in CHAMP_CODE.items():
        vivante = Demande.objects.filter(eleve=OuterRef("pk"), type=type_demande, statut__in=VIVANTES)
        trouves = (
            eleves.exclude(**{champ: ""})
            .annotate(consommee_par=_code_consomme(champ))
            .filter(consommee_par__isnull=False)
            .exclude(Exists(vivante))
        )
        for eleve in trouves:
            pourquoi = _(
                "Le code ePhoto %(cerfa)s du dossier a déjà servi à la demande n° %(numero)s : "
                "l'ANTS le refusera, demandez un nouveau code à l'élève."
            ) % {"cerfa": TypeDemande(type_demande).label, "numero": eleve.consommee_par}
            action = Action(_("Saisir un nouveau code ePhoto"), reverse("eleves:dossier", args=[eleve.pk]))
            lignes.append(Ligne(PAR_CLE["ephoto"], pourquoi, eleve.cree_le, action, eleve=eleve))
    return lignes


def _un_champ_requis_vide() -> Q:
    """A file with one of these empty cannot be ready: checked in SQL, before the full rules."""
    vides = Q(dossier__categories_demandees=[])
    for modele, champ in CHAMPS_REQUIS[TypeDemande.CERFA_02]:
        if modele is Eleve and isinstance(Eleve._meta.get_field(champ), models.CharField):
            vides |= Q(**{champ: ""})
    return vides


def lignes_prets(user, agences) -> list[Ligne]:
    """Students with no demande (but deleted ones) nor a create under way whose file passes every check
    of a Cerfa 02."""
    creation = Operation.objects.filter(
        eleve=OuterRef("pk"), action=Operation.Action.CREER, etat__in=Operation.ETATS_OUVERTS
    )
    candidats = (
        scope_for_user(Eleve.objects.filter(agence__in=agences), user)
        .exclude(Exists(Demande.objects.filter(eleve=OuterRef("pk")).exclude(statut=SUPPRIMEE)))
        .exclude(Exists(creation))
        .exclude(_un_champ_requis_vide())
        .select_related("agence__agence_responsable", "dossier")
        .prefetch_related("representants")
    )
    action = _("Enregistrer la demande en ligne")
    return [
        Ligne(
            PAR_CLE["prets"],
            _("Fiche complète, aucune demande : la Cerfa 02 peut partir."),
            eleve.cree_le,
            Action(action, reverse("demandes:eleve", args=[eleve.pk])),
            eleve=eleve,
        )
        for eleve in candidats
        if not problemes_envoi(eleve, cerfa=TypeDemande.CERFA_02)
    ]
