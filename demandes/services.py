"""What a user asks for on ANTS, written as an operation in the same transaction as the click.

Each function checks the rights and the demande's status (demandes.regles), writes the operation
and hands it to the workers after commit (demandes.execution does the ANTS side). A request that
cannot be made raises DemandeImpossible with the French reason; nothing is written then.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ants.client.types import TypeDemande
from ants.identifiants import clean_identifier, ephoto_validator
from documents.conservation import MANDAT_VALIDITE_MOIS
from documents.models import DocumentEleve
from documents.selectors import mandat_en_cours
from eleves.models import Eleve
from eleves.referentiel import Referentiel
from eleves.verification import problemes_envoi

from . import regles
from .construction import demande_depuis_eleve
from .instantane import vers_json
from .models import Demande, Operation, operation_suivante
from .planification import planifier

Action = Operation.Action
COMMENTAIRE_MAX = 80


class DemandeImpossible(Exception):
    """A request refused before anything was queued; `message` says why, `problemes` what to fix."""

    def __init__(self, message: str, problemes=()):
        super().__init__(message)
        self.message = message
        self.problemes = list(problemes)


def _refuser_si(possible: regles.Possible) -> None:
    if not possible:
        raise DemandeImpossible(possible.raison)


@transaction.atomic
def _operation(*, action: str, cle: str, par, eleve: Eleve | None, demande: Demande | None = None, **champs):
    agence = demande.agence if demande else eleve.agence
    try:
        with transaction.atomic():
            operation = Operation.objects.create(
                action=action,
                cle=cle,
                agence=agence,
                eleve=eleve,
                demande=demande,
                demandee_par=par,
                **champs,
            )
    except IntegrityError:
        raise DemandeImpossible(
            _("« %(action)s » est déjà demandé et pas encore terminé : suivez son avancement ci-dessous.")
            % {"action": Action(action).label}
        ) from None
    planifier(operation.pk)
    return operation


def demande_creer(*, eleve: Eleve, type_demande: str, mandat_papier: bool = False, par) -> Operation:
    """ "Enregistrer la demande en ligne": the file as it is now becomes a draft on ANTS."""
    type_demande = TypeDemande(type_demande)
    ouverte = next((d for d in eleve.demandes.filter(type=type_demande) if regles.est_ouverte(d)), None)
    if ouverte is not None:
        raise DemandeImpossible(
            _("Une demande %(type)s est déjà en cours pour cet élève (n° %(numero)s) : continuez celle-ci.")
            % {"type": type_demande.label, "numero": ouverte.numero}
        )
    mandat = _mandat(eleve) if mandat_papier else None
    problemes = problemes_envoi(eleve, cerfa=type_demande, referentiel=Referentiel())
    if problemes:
        raise DemandeImpossible(
            _("La demande ne peut pas partir : corrigez d'abord ce qui suit."), problemes=problemes
        )
    entree = {"type": type_demande, "mandat_papier": mandat_papier}
    if mandat is not None:
        entree["mandat"] = mandat.pk
    envoi = demande_depuis_eleve(eleve, type_demande=type_demande, mandat_papier=mandat_papier)
    return _operation(
        action=Action.CREER,
        cle=f"CREER:{type_demande}",
        par=par,
        eleve=eleve,
        entree=entree,
        envoi=vers_json(envoi),
    )


def _mandat(eleve: Eleve) -> DocumentEleve:
    """The signed paper mandate a demande under mandate relies on (kept on the operation)."""
    mandat = mandat_en_cours(eleve)
    if mandat is None:
        raise DemandeImpossible(
            _(
                "Pour envoyer la demande sous mandat papier, déposez d'abord le mandat signé par l'élève "
                "(de moins de %(mois)s mois) dans l'onglet Documents de sa fiche, en nature « Mandat "
                "signé » ; ou décochez « Sous mandat papier »."
            )
            % {"mois": MANDAT_VALIDITE_MOIS}
        )
    return mandat


def demande_actualiser(*, demande: Demande, par) -> Operation:
    _refuser_si(regles.peut_actualiser(demande, par))
    return _operation(
        action=Action.ACTUALISER, cle="ACTUALISER", par=par, eleve=demande.eleve, demande=demande
    )


def demande_valider(*, demande: Demande, par) -> Operation:
    _refuser_si(regles.peut_valider(demande, par))
    return _operation(action=Action.VALIDER, cle="VALIDER", par=par, eleve=demande.eleve, demande=demande)


def demande_supprimer(*, demande: Demande, par) -> Operation:
    _refuser_si(regles.peut_supprimer(demande, par))
    return _operation(action=Action.SUPPRIMER, cle="SUPPRIMER", par=par, eleve=demande.eleve, demande=demande)


def demande_definir_ephoto(*, demande: Demande, code: str, par) -> Operation:
    _refuser_si(regles.peut_definir_ephoto(demande, par))
    code = clean_identifier(code)
    try:
        ephoto_validator(code)
    except ValidationError as error:
        raise DemandeImpossible(error.messages[0]) from None
    return _operation(
        action=Action.DEFINIR_EPHOTO,
        cle="EPHOTO",
        par=par,
        eleve=demande.eleve,
        demande=demande,
        entree={"code": code},
    )


def demande_supprimer_ephoto(*, demande: Demande, par) -> Operation:
    _refuser_si(regles.peut_supprimer_ephoto(demande, par))
    return _operation(
        action=Action.SUPPRIMER_EPHOTO, cle="EPHOTO", par=par, eleve=demande.eleve, demande=demande
    )


def _piece(demande: Demande, code: str) -> dict:
    piece = next((p for p in demande.pieces if p["code"] == code), None)
    if piece is None:
        raise DemandeImpossible(_("Cette pièce n'est pas demandée pour cette demande."))
    return piece


def demande_ajouter_fichier(
    *, demande: Demande, code: str, document: DocumentEleve, commentaire: str = "", par
) -> Operation:
    """Send one of the student's stored documents as a file of piece `code`."""
    _refuser_si(regles.peut_modifier_pieces(demande, par))
    if document.eleve_id != demande.eleve_id:
        raise PermissionDenied
    piece = _piece(demande, code)
    commentaire = commentaire.strip()
    if len(commentaire) > COMMENTAIRE_MAX:
        raise DemandeImpossible(
            _("Le commentaire compte %(n)s caractères : %(max)s au plus.")
            % {"n": len(commentaire), "max": COMMENTAIRE_MAX}
        )
    pages = document.pages
    if piece["pages"] + pages > piece["pages_max"]:
        raise DemandeImpossible(
            _(
                "« %(piece)s » accepte %(max)s page(s) en tout : %(deja)s déjà envoyée(s), ce fichier "
                "en compte %(pages)s. Retirez un fichier ou envoyez moins de pages."
            )
            % {"piece": piece["libelle"], "max": piece["pages_max"], "deja": piece["pages"], "pages": pages}
        )
    return _operation(
        action=Action.AJOUTER_FICHIER,
        cle=f"FICHIER:{code}:{document.pk}",
        par=par,
        eleve=demande.eleve,
        demande=demande,
        entree={"code": code, "document": document.pk, "commentaire": commentaire, "pages": pages},
    )


def demande_supprimer_fichier(*, demande: Demande, code: str, fichier_id: str, par) -> Operation:
    _refuser_si(regles.peut_modifier_pieces(demande, par))
    piece = _piece(demande, code)
    if not any(f["id"] == fichier_id for f in piece["fichiers"]):
        raise DemandeImpossible(_("Ce fichier n'est plus sur la demande : mettez-la à jour."))
    return _operation(
        action=Action.SUPPRIMER_FICHIER,
        cle=f"SUPPRIMER_FICHIER:{code}:{fichier_id}",
        par=par,
        eleve=demande.eleve,
        demande=demande,
        entree={"code": code, "fichier": fichier_id},
    )


def _numero(numero: str) -> str:
    numero = clean_identifier(numero)
    if not numero.isascii() or not numero.isdigit():
        raise DemandeImpossible(_("Le numéro de demande s'écrit avec des chiffres, par exemple 4789."))
    return numero


def demande_transferer(*, eleve: Eleve, numero: str, par) -> Operation:
    """Take a demande made at another school or agency onto this agency's account, for this student."""
    numero = _numero(numero)
    return _operation(
        action=Action.TRANSFERER, cle=f"TRANSFERER:{numero}", par=par, eleve=eleve, entree={"numero": numero}
    )


def cle_relier(numero: str) -> str:
    """The key of a link operation: until the worker attaches the demande, its row is found by it."""
    return f"RELIER:{numero}"


def demande_relier(*, eleve: Eleve, numero: str, ecraser: bool = False, par) -> Operation:
    """Attach a demande of the agency's account to this student, optionally taking ANTS's data."""
    numero = _numero(numero)
    autre = Demande.objects.filter(numero=numero).exclude(eleve__isnull=True).exclude(eleve=eleve).first()
    if autre is not None:
        raise DemandeImpossible(_("Cette demande est déjà reliée à un autre élève."))
    return _operation(
        action=Action.RELIER,
        cle=cle_relier(numero),
        par=par,
        eleve=eleve,
        entree={"numero": numero, "ecraser": bool(ecraser)},
    )


def demande_telecharger(*, demande: Demande, quoi: str, libelle: str, par, **cible) -> Operation:
    """Fetch a document, a piece's file or the ePhoto from ANTS into the student's documents."""
    if demande.eleve is None:
        raise DemandeImpossible(
            _("Reliez d'abord la demande à un élève : le document sera rangé sur sa fiche.")
        )
    cle = ":".join(["TELECHARGER", quoi, *map(str, cible.values())])
    return _operation(
        action=Action.TELECHARGER,
        cle=cle,
        par=par,
        eleve=demande.eleve,
        demande=demande,
        entree={"quoi": quoi, "libelle": libelle, **cible},
    )


def operation_abandonner(*, operation: Operation, par) -> bool:
    """A person checked on the ANTS site that an operation left to check was not done: it ends.

    Only while nobody is looking it up (A_VERIFIER, not EN_COURS). Doing it again is then a new
    click; for a create, ANTS itself refuses a second open demande of a type for one person.
    """
    fini = Operation.objects.filter(pk=operation.pk, etat=Operation.Etat.A_VERIFIER).update(
        etat=Operation.Etat.REFUSEE,
        terminee_le=timezone.now(),
        prochain_essai=None,
        erreur="ABANDONNEE",
        message=_(
            "Abandonnée par %(qui)s après vérification sur le site de l'ANTS : l'opération n'y a pas été "
            "faite. Vous pouvez la recommencer."
        )
        % {"qui": par.get_full_name() or par.username},
    )
    if fini:
        suivante = operation_suivante(operation)
        if suivante is not None:
            planifier(suivante.pk)
    return bool(fini)


def operation_relancer(*, operation: Operation) -> None:
    """ "Vérifier maintenant": an operation left to check is looked up again at once."""
    if operation.etat == Operation.Etat.A_VERIFIER:
        Operation.objects.filter(pk=operation.pk, etat=operation.etat).update(prochain_essai=None)
        planifier(operation.pk)
