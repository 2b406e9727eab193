"""The « À suivre » board: an agency's demandes and students that need someone, most urgent first.

A few queries whatever the agency's size: the demandes in a status that asks for someone (one
query, the moments they entered it as subqueries), the files whose ePhoto code already served (one),
the students ready to send (one, then the file checks of the few whose file has every field), and the
usual delays for "no movement" (one, suivi.delais). Every read goes through agences.access.
"""

from datetime import datetime

from django.db.models import Exists, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from agences.access import scope_for_user
from ants.client.types import Statut, TypeDemande
from demandes.models import ChangementStatut, Demande, Operation
from demandes.regles import SUPPRIMEE

from . import delais, eleves_a_suivre
from .echeances import (
    ALERTE_EPHOTO,
    DELAI_ACTIVATION,
    DELAI_FORMULAIRE_PHOTO,
    HORIZON,
    VALIDITE_CERTIFICAT_EXAMEN_MOIS,
    VALIDITE_EPHOTO_MOIS,
    ajouter_mois,
)
from .lignes import ORDRE, PAR_CLE, Action, Ligne

EN_TRAITEMENT = (Statut.VERIFICATION_PIECES, Statut.VERIFICATION_IMAGES, Statut.EN_COURS_TRAITEMENT)
A_REFAIRE = (Statut.REJETEE, Statut.REFUSEE_USAGER, SUPPRIMEE)
# A Cerfa 06 in these is no title demande: the certificate's 4 months still run.
TITRE_PERDU = A_REFAIRE
SUIVIS = (Statut.EN_ATTENTE_VALIDATION_USAGER, Statut.A_COMPLETER, Statut.A_TRAITER_CERFA_06, *EN_TRAITEMENT)


def entree_dans(statut, *, premiere=False):
    """When the demande (the outer row) last entered `statut` — or first, with `premiere`."""
    entrees = ChangementStatut.objects.filter(
        demande=OuterRef("pk"), nouveau=statut, modifie_le__isnull=False
    )
    ordre = ("modifie_le", "id") if premiere else ("-modifie_le", "-id")
    return Subquery(entrees.order_by(*ordre).values("modifie_le")[:1])


def _perdue():
    """Deleted by ANTS while it waited for the student (the 7 days), not by the school."""
    expiree = ChangementStatut.objects.filter(
        demande=OuterRef("pk"), ancien=Statut.EN_ATTENTE_VALIDATION_USAGER, nouveau=SUPPRIMEE
    )
    supprimee = Operation.objects.filter(
        demande=OuterRef("pk"), action=Operation.Action.SUPPRIMER, etat=Operation.Etat.FAITE
    )
    return Exists(expiree) & ~Exists(supprimee)


def _code_ephoto_depuis():
    """When the draft got its current ePhoto code from us: the last create with one, or change."""
    poses = Operation.objects.filter(demande=OuterRef("pk"), etat=Operation.Etat.FAITE).filter(
        Q(action=Operation.Action.DEFINIR_EPHOTO)
        | (Q(action=Operation.Action.CREER) & ~Q(envoi__code_ephoto=""))
    )
    return Subquery(poses.order_by("-demandee_le").values("demandee_le")[:1])


def _demandes(user, agences, maintenant):
    autre = Demande.objects.filter(eleve=OuterRef("eleve"), type=OuterRef("type"))
    recente = Q(modifie_le__gte=maintenant - HORIZON)
    a_refaire = (
        Q(statut__in=A_REFAIRE)
        & recente
        # A newer one of that type replaces it (ANTS's seconds can tie: then the later row).
        & ~Exists(
            autre.filter(
                Q(cree_le__gt=OuterRef("cree_le")) | Q(cree_le=OuterRef("cree_le"), pk__gt=OuterRef("pk"))
            )
        )
        & (~Q(statut=SUPPRIMEE) | _perdue())
    )
    return (
        scope_for_user(Demande.objects.filter(agence__in=agences), user)
        .filter(
            Q(statut__in=SUIVIS)
            | Q(statut=Statut.BROUILLON, ephoto_presente=True)
            | a_refaire
            | (Q(eleve__isnull=True) & recente & ~Q(statut__in=[SUPPRIMEE, Statut.TRANSFEREE]))
        )
        .annotate(
            entree_statut=entree_dans(OuterRef("statut")),
            premiere_verification=entree_dans(Statut.VERIFICATION_PIECES, premiere=True),
            code_ephoto_depuis=_code_ephoto_depuis(),
            titre_demande=Exists(
                Demande.objects.filter(eleve=OuterRef("eleve"), type=TypeDemande.CERFA_06).exclude(
                    statut__in=TITRE_PERDU
                )
            ),
        )
        .select_related("eleve", "agence__agence_responsable")
        .only(*CHAMPS_LUS)
    )


# What the lines show and decide on: rows stay narrow (no pieces, documents or agency JSON).
CHAMPS_LUS = (
    *("numero", "type", "statut", "statut_libelle", "motif_statut", "cree_le", "modifie_le", "valide_le"),
    *("ephoto_presente", "candidat_nom", "candidat_prenom", "agence__prefecture"),
    *("agence__agence_responsable__prefecture",),
    *("eleve__nom_naissance", "eleve__nom_usage", "eleve__prenom", "eleve__telephone_mobile"),
    *("eleve__telephone_autre", "eleve__agence_id", "eleve__cree_le"),
)


# ---------------------------------------------------------------------------------------------
# One demande, one line at most: the first group it belongs to.
# ---------------------------------------------------------------------------------------------


def _relier(demande: Demande) -> Action:
    return Action(_("Relier à un élève"), reverse("demandes:associer", args=[demande.pk]))


def _fiche(demande: Demande, libelle: str, nom_url: str = "demandes:eleve") -> Action:
    """A page of the student's file; a demande linked to no student must first be linked."""
    if demande.eleve_id is None:
        return _relier(demande)
    return Action(libelle, reverse(nom_url, args=[demande.eleve_id]))


def _appeler(demande: Demande) -> Action:
    """The student acts on ANTS's site: a call is what helps (the number shows beside the name)."""
    return _fiche(demande, _("Appeler l'élève"), "eleves:fiche")


def _jour(moment: datetime) -> str:
    return timezone.localtime(moment).strftime("%d/%m/%Y")


def _activation(d: Demande, **_contexte) -> Ligne:
    debut = d.entree_statut or d.valide_le or d.modifie_le
    pourquoi = _(
        "Validée par l'auto-école le %(jour)s : l'élève doit activer son compte ANTS puis la valider."
    )
    return Ligne(
        PAR_CLE["activation"], pourquoi % {"jour": _jour(debut)}, debut, _appeler(d), debut + DELAI_ACTIVATION
    )


def _photo(d: Demande, **_contexte) -> Ligne:
    debut = d.premiere_verification or d.entree_statut or d.modifie_le
    pourquoi = _(
        "Validée par l'élève le %(jour)s sans code ePhoto : "
        "le formulaire photo-signature doit arriver au CTN."
    )
    return Ligne(
        PAR_CLE["photo"],
        pourquoi % {"jour": _jour(debut)},
        debut,
        _appeler(d),
        debut + DELAI_FORMULAIRE_PHOTO,
    )


def _a_completer(d: Demande, **_contexte) -> Ligne:
    pourquoi = (
        _("L'ANTS demande : %(motif)s") % {"motif": d.motif_statut}
        if d.motif_statut
        else _("L'ANTS attend des pièces ou des corrections.")
    )
    action = (
        Action(_("Ajouter les pièces"), reverse("demandes:pieces", args=[d.pk])) if d.eleve_id else _relier(d)
    )
    return Ligne(PAR_CLE["a_completer"], pourquoi, d.entree_statut or d.modifie_le, action)


def _a_refaire(d: Demande, **_contexte) -> Ligne:
    if d.statut == SUPPRIMEE:
        pourquoi = _("Supprimée par l'ANTS : l'élève n'a pas activé son compte dans les 7 jours.")
    elif d.statut == Statut.REFUSEE_USAGER:
        pourquoi = _("Refusée par l'élève sur le site de l'ANTS.")
    else:
        pourquoi = _("Rejetée : %(motif)s. Il faut une nouvelle demande et un nouveau code ePhoto.") % {
            "motif": d.motif_statut or _("motif non précisé")
        }
    action = _fiche(d, _("Créer une nouvelle demande"))
    return Ligne(PAR_CLE["a_refaire"], pourquoi, d.entree_statut or d.modifie_le, action)


def _cerfa_06(d: Demande, **_contexte) -> Ligne:
    debut = d.entree_statut or d.modifie_le
    fin = ajouter_mois(debut, VALIDITE_CERTIFICAT_EXAMEN_MOIS)
    pourquoi = _("Examen réussi le %(jour)s : le certificat permet de conduire jusqu'au %(fin)s.") % {
        "jour": _jour(debut),
        "fin": _jour(fin),
    }
    return Ligne(PAR_CLE["cerfa_06"], pourquoi, debut, _fiche(d, _("Créer la Cerfa 06")), fin)


def _ephoto_expire(d: Demande, **_contexte) -> Ligne:
    debut = d.code_ephoto_depuis
    pourquoi = _("Brouillon dont le code ePhoto a été saisi le %(jour)s : il n'est valable que 6 mois.")
    fin = ajouter_mois(debut, VALIDITE_EPHOTO_MOIS)
    action = _fiche(d, _("Valider la demande ou changer le code"))
    return Ligne(PAR_CLE["ephoto"], pourquoi % {"jour": _jour(debut)}, debut, action, fin)


def _sans_mouvement(d: Demande, *, seuils, **_contexte) -> Ligne:
    debut = d.entree_statut or d.modifie_le
    duree, mesure = delais.seuil(seuils, d.agence.responsable.prefecture, d.type, d.statut)
    usage = (
        _("à cette préfecture, 9 demandes sur 10 en sortent en moins de %(n)s jours")
        if mesure
        else _("au-delà de %(n)s jours, interrogez la préfecture")
    ) % {"n": max(1, round(duree.days + duree.seconds / 86400))}
    pourquoi = _("« %(statut)s » depuis le %(jour)s ; %(usage)s.") % {
        "statut": d.statut_affiche,
        "jour": _jour(debut),
        "usage": usage,
    }
    action = Action(_("Mettre à jour depuis l'ANTS"), reverse("demandes:actualiser", args=[d.pk]), post=True)
    return Ligne(PAR_CLE["sans_mouvement"], pourquoi, debut, action, debut + duree)


def _non_reliee(d: Demande, **_contexte) -> Ligne:
    pourquoi = _("Faite sur le site de l'ANTS pour %(nom)s %(prenom)s (%(statut)s).") % {
        "nom": d.candidat_nom,
        "prenom": d.candidat_prenom,
        "statut": d.statut_affiche,
    }
    return Ligne(PAR_CLE["non_reliees"], pourquoi, d.cree_le, _relier(d))


def _regle(d: Demande, seuils, maintenant):
    """The builder of the demande's line, or None when nothing about it needs someone."""
    if d.statut == Statut.EN_ATTENTE_VALIDATION_USAGER:
        return _activation
    # ephoto_presente is known from a full read, which every demande validated here has (valide_le).
    if d.statut == Statut.VERIFICATION_PIECES and d.valide_le and not d.ephoto_presente:
        return _photo
    if d.statut == Statut.A_COMPLETER:
        return _a_completer
    if d.statut in A_REFAIRE:
        return _a_refaire
    if d.statut == Statut.A_TRAITER_CERFA_06 and d.type == TypeDemande.CERFA_02 and not d.titre_demande:
        return _cerfa_06
    if d.statut == Statut.BROUILLON and d.code_ephoto_depuis:
        fin = ajouter_mois(d.code_ephoto_depuis, VALIDITE_EPHOTO_MOIS)
        if maintenant >= fin - ALERTE_EPHOTO:
            return _ephoto_expire
    if d.statut in EN_TRAITEMENT:
        duree, _mesure = delais.seuil(seuils, d.agence.responsable.prefecture, d.type, d.statut)
        if maintenant - (d.entree_statut or d.modifie_le) > duree:
            return _sans_mouvement
    if d.eleve_id is None and d.statut not in (SUPPRIMEE, Statut.TRANSFEREE):
        return _non_reliee
    return None


def _lignes_des_demandes(user, agences, maintenant) -> list[Ligne]:
    seuils = delais.seuils_sans_mouvement(user=user, maintenant=maintenant)
    lignes = []
    for demande in _demandes(user, agences, maintenant):
        regle = _regle(demande, seuils, maintenant)
        if regle is not None:
            ligne = regle(demande, seuils=seuils)
            ligne.demande, ligne.eleve = demande, demande.eleve
            lignes.append(ligne)
    return lignes


def lignes_a_suivre(*, user, agences, maintenant: datetime | None = None) -> list[Ligne]:
    """Every line of these agencies (the user's only), most urgent first."""
    maintenant = maintenant or timezone.now()
    lignes = [
        *_lignes_des_demandes(user, agences, maintenant),
        *eleves_a_suivre.lignes_codes_utilises(user, agences),
    ]
    # A student ANTS deleted the demande of is to be sent again: that line says so already.
    deja = {ligne.eleve.pk for ligne in lignes if ligne.eleve is not None}
    lignes += [ligne for ligne in eleves_a_suivre.lignes_prets(user, agences) if ligne.eleve.pk not in deja]
    return sorted(
        (ligne.dater(maintenant) for ligne in lignes),
        key=lambda ligne: (ligne.moment, ORDRE[ligne.groupe.cle]),
    )
