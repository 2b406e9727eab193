"""Running one operation: claim it, call ANTS for it, record the outcome on its row.

The rules that make a double click, a second secretary, a redelivered task or a killed worker
harmless:
- an operation runs only once claimed by a conditional UPDATE (open, due, nothing older open on
  the same demande), which also gives it a lease; a worker that dies loses the lease;
- before a call that ANTS may apply without our hearing back, `envoyee_le` is committed; an
  operation resumed with it set is looked up on ANTS first (rapprochement), never resent blindly;
- "ANTS unavailable" means ANTS did not act: the operation waits and is tried again later.
"""

import logging
import mimetypes
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Exists, F, OuterRef, Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from agences.services import client_for_agence
from ants.client import (
    AntsError,
    AntsUnavailable,
    DemandeAlreadyExists,
    NotFound,
    StatusForbids,
    TransferRefused,
    UnknownOutcome,
)
from ants.client.reconcile import CLOCK_SKEW
from ants.client.types import Statut
from documents.models import DocumentEleve
from documents.services import document_eleve_ajouter, nature_de_piece

from . import rapprochement
from .construction import appliquer_sur_eleve
from .erreurs import erreur_expliquee
from .instantane import demande_depuis_json
from .lecture import demande_enregistrer_lue, demande_marquer_supprimee
from .models import Demande, Operation, operation_suivante, operations_de_la_file
from .planification import planifier

logger = logging.getLogger(__name__)

Etat = Operation.Etat
Action = Operation.Action

# ANTS unavailable: the waits before each new try (seconds); past the last, the operation is refused.
ATTENTES = (30, 120, 300, 900, 1800, 3600)
# Cannot tell yet whether ANTS acted: the waits before each new look.
VERIFICATIONS = (60, 300, 900, 3600, 3 * 3600, 12 * 3600)


@dataclass
class Issue:
    etat: str
    message: str = ""
    erreur: str = ""
    champs: list = field(default_factory=list)
    resultat: dict = field(default_factory=dict)
    demande: Demande | None = None
    dans: float | None = None  # seconds before the next try, for an operation left open
    effacer_envoi: bool = False  # ANTS surely did not act: the next try sends without looking up


class _AVerifier(Exception):
    """ANTS may have acted, and cannot tell us yet."""


# ---------------------------------------------------------------------------------------------
# Claim, run, record
# ---------------------------------------------------------------------------------------------


def _reclamer(operation_id: int) -> Operation | None:
    operation = Operation.objects.filter(pk=operation_id).first()
    if operation is None:
        return None
    now = timezone.now()
    due = Q(prochain_essai__isnull=True) | Q(prochain_essai__lte=now)
    reclamable = Q(etat__in=[Etat.EN_ATTENTE, Etat.A_VERIFIER]) & due | Q(
        etat=Etat.EN_COURS, bail_jusqu_a__lt=now
    )
    plus_ancienne = operations_de_la_file(operation).filter(
        pk__lt=OuterRef("pk"), etat__in=Operation.ETATS_OUVERTS
    )
    prises = (
        Operation.objects.filter(reclamable, pk=operation.pk)
        .filter(~Exists(plus_ancienne))
        .update(
            etat=Etat.EN_COURS,
            commencee_le=now,
            bail_jusqu_a=now + timedelta(seconds=settings.ANTS_OPERATION_LEASE),
            tentatives=F("tentatives") + 1,
        )
    )
    if not prises:
        return None
    operation.refresh_from_db()
    return operation


def operation_executer(*, operation_id: int) -> Issue | None:
    """Run the operation if it can be claimed now; None when another worker has it or it must wait."""
    operation = _reclamer(operation_id)
    if operation is None:
        return None
    issue = _executer(operation)
    _enregistrer(operation, issue)
    if issue.etat in (Etat.FAITE, Etat.REFUSEE):
        _planifier_suivante(operation)
    return issue


def _executer(operation: Operation) -> Issue:
    try:
        client = client_for_agence(operation.agence)
        return ACTIONS[operation.action](operation, client)
    except _AVerifier:
        return _a_verifier(operation)
    except AntsUnavailable as error:
        return _plus_tard(operation, error)
    except AntsError as error:
        return Issue(Etat.REFUSEE, **erreur_expliquee(error, operation))
    except Exception:
        # A bug, not ANTS: say so on the row and look again later rather than lose the click.
        logger.exception("ANTS operation %s (%s) failed", operation.pk, operation.action)
        return Issue(
            Etat.A_VERIFIER,
            message=_("Erreur inattendue de l'application : l'opération sera vérifiée à nouveau."),
            erreur="ERREUR_INTERNE",
            dans=_attente(VERIFICATIONS, operation),
        )


def _attente(attentes: tuple[int, ...], operation: Operation) -> int:
    return attentes[min(operation.tentatives, len(attentes)) - 1]


def _heure(dans: float) -> str:
    return formats.time_format(timezone.localtime(timezone.now() + timedelta(seconds=dans)), "H:i")


def _plus_tard(operation: Operation, error: AntsUnavailable) -> Issue:
    if operation.tentatives > len(ATTENTES):
        return Issue(
            Etat.REFUSEE,
            message=_(
                "L'ANTS est restée indisponible pendant plusieurs heures : rien n'a été fait. "
                "Recommencez plus tard."
            ),
            erreur="ANTS_INDISPONIBLE",
            effacer_envoi=True,
        )
    dans = max(_attente(ATTENTES, operation), error.retry_after or 0)
    return Issue(
        Etat.EN_ATTENTE,
        message=_("L'ANTS est lente ou indisponible : nouvel essai automatique vers %(heure)s.")
        % {"heure": _heure(dans)},
        erreur="ANTS_INDISPONIBLE",
        dans=dans,
        effacer_envoi=True,
    )


def _a_verifier(operation: Operation) -> Issue:
    dans = _attente(VERIFICATIONS, operation)
    return Issue(
        Etat.A_VERIFIER,
        message=_(
            "La réponse de l'ANTS n'est pas arrivée : l'opération a peut-être été faite. Elle n'est pas "
            "renvoyée ; l'application vérifie sur l'ANTS vers %(heure)s."
        )
        % {"heure": _heure(dans)},
        erreur="REPONSE_PERDUE",
        dans=dans,
    )


def _enregistrer(operation: Operation, issue: Issue) -> None:
    now = timezone.now()
    valeurs = {
        "etat": issue.etat,
        "message": issue.message,
        "erreur": issue.erreur,
        "champs": issue.champs,
        "resultat": {**operation.resultat, **issue.resultat},
        "bail_jusqu_a": None,
    }
    if issue.demande is not None:
        valeurs["demande"] = issue.demande
    if issue.effacer_envoi:
        valeurs["envoyee_le"] = None
    termine = issue.etat in (Etat.FAITE, Etat.REFUSEE)
    valeurs["terminee_le"] = now if termine else None
    valeurs["prochain_essai"] = None if termine else now + timedelta(seconds=issue.dans or 0)
    # Only the claim this worker holds: a worker that lost its lease records nothing.
    Operation.objects.filter(pk=operation.pk, etat=Etat.EN_COURS, tentatives=operation.tentatives).update(
        **valeurs
    )
    if not termine:
        planifier(operation.pk, dans=issue.dans or 0)


def _planifier_suivante(operation: Operation) -> None:
    suivante = operation_suivante(operation)
    if suivante is not None:
        planifier(suivante.pk)


def operations_relancer_dues(*, eleve=None, limite: int = 200) -> int:
    """Hand back to the workers what is due: retries, look-ups, lost messages, dead workers' leases."""
    now = timezone.now()
    perdue = now - timedelta(minutes=2)  # queued, yet no worker took it: the message was lost
    dues = Operation.objects.filter(
        Q(etat__in=[Etat.EN_ATTENTE, Etat.A_VERIFIER], prochain_essai__lte=now)
        | Q(etat=Etat.EN_ATTENTE, prochain_essai__isnull=True, demandee_le__lt=perdue)
        | Q(etat=Etat.EN_COURS, bail_jusqu_a__lt=now)
    ).order_by("pk")
    if eleve is not None:
        dues = dues.filter(eleve=eleve)
    ids = list(dues.values_list("pk", flat=True)[:limite])
    for operation_id in ids:
        planifier(operation_id)
    return len(ids)


# ---------------------------------------------------------------------------------------------
# Sending what ANTS may apply silently
# ---------------------------------------------------------------------------------------------


def _envoyer(operation: Operation, envoyer, retrouver):
    """envoyer()'s answer, or what retrouver(since) finds ANTS did; never two sends on one doubt."""
    if operation.envoyee_le is not None:
        recherche = retrouver(operation.envoyee_le)
        if recherche.found:
            return recherche.value
        if recherche.unknown:
            raise _AVerifier
    operation.envoyee_le = timezone.now()
    Operation.objects.filter(pk=operation.pk).update(envoyee_le=operation.envoyee_le)
    try:
        return envoyer()
    except UnknownOutcome:
        recherche = retrouver(operation.envoyee_le)
        if recherche.found:
            return recherche.value
        raise _AVerifier from None


def _lire(client, operation: Operation, lue, *, eleve=None) -> Demande:
    """Write ANTS's demande with its pieces and documents (reads: a failure there loses nothing)."""
    try:
        pieces, documents = client.list_pieces(lue.numero), client.list_documents(lue.numero)
    except AntsError:
        pieces = documents = None
    return demande_enregistrer_lue(
        lue=lue, agence=operation.agence, eleve=eleve or operation.eleve, pieces=pieces, documents=documents
    )


def _faite(message: str, demande: Demande, **resultat) -> Issue:
    return Issue(Etat.FAITE, message=message, demande=demande, resultat=resultat)


# ---------------------------------------------------------------------------------------------
# The actions
# ---------------------------------------------------------------------------------------------


def _creer(operation: Operation, client) -> Issue:
    demande_input = demande_depuis_json(operation.envoi)
    premier_envoi = operation.envoyee_le  # set: an earlier try may have created it
    try:
        lue = _envoyer(
            operation,
            lambda: client.create_demande(demande_input),
            lambda depuis: rapprochement.demande_creee(client, demande_input, depuis),
        )
    except DemandeAlreadyExists as error:
        lue = _notre_demande(client, operation, error, premier_envoi)
        if lue is None:
            raise
    demande = _lire(client, operation, lue)
    return _faite(
        _("Demande n° %(numero)s enregistrée en brouillon sur le site de l'ANTS.") % {"numero": lue.numero},
        demande,
        numero=lue.numero,
    )


def _notre_demande(client, operation: Operation, error: DemandeAlreadyExists, premier_envoi):
    """The demande ANTS says already exists, when an earlier try of this very click made it."""
    if premier_envoi is None or not error.numero:
        return None
    try:
        lue = client.get_demande(error.numero)
    except AntsError:
        return None
    envoi = operation.envoi["candidat"]
    notre = (
        lue.candidat.email == envoi["email"]
        and lue.type == operation.envoi["type"]
        and lue.cree_le >= premier_envoi - CLOCK_SKEW
    )
    return lue if notre else None


def _actualiser(operation: Operation, client) -> Issue:
    demande = operation.demande
    try:
        lue = client.get_demande(demande.numero)
    except NotFound:
        libelle = _("Supprimée sur le site de l'ANTS")
        demande_marquer_supprimee(demande=demande, libelle=libelle)
        return _faite(
            _(
                "L'ANTS n'a plus cette demande : l'élève ne l'a pas validée dans les 7 jours, ou elle a été "
                "supprimée. Une nouvelle demande est nécessaire."
            ),
            demande,
        )
    demande = _lire(client, operation, lue, eleve=demande.eleve)
    return _faite(_("Statut sur l'ANTS : %(statut)s.") % {"statut": demande.statut_affiche}, demande)


def _valider(operation: Operation, client) -> Issue:
    numero = operation.demande.numero
    try:
        lue = _envoyer(
            operation,
            lambda: client.validate_demande(numero),
            lambda _depuis: rapprochement.demande_validee(client, numero),
        )
    except StatusForbids:
        # Refused because an earlier try of this click did validate it?
        recherche = rapprochement.demande_validee(client, numero)
        if not recherche.found or operation.tentatives < 2:
            raise
        lue = recherche.value
    demande = _lire(client, operation, lue, eleve=operation.demande.eleve)
    if lue.statut == Statut.EN_ATTENTE_VALIDATION_USAGER:
        message = _(
            "Demande validée. L'ANTS envoie un e-mail et un SMS à l'élève : il a 7 jours pour activer son "
            "compte ANTS, puis valider ou refuser la demande."
        )
    else:
        message = _("Demande validée et transmise à l'ANTS (statut : %(statut)s).") % {
            "statut": demande.statut_affiche
        }
    return _faite(message, demande)


def _supprimer(operation: Operation, client) -> Issue:
    demande = operation.demande
    try:
        client.delete_demande(demande.numero)
    except NotFound:
        pass  # gone already: what was asked is true
    demande_marquer_supprimee(demande=demande, libelle=_("Supprimée par l'auto-école"))
    return _faite(
        _("La demande n° %(numero)s est supprimée sur l'ANTS.") % {"numero": demande.numero}, demande
    )


def _definir_ephoto(operation: Operation, client) -> Issue:
    numero, code = operation.demande.numero, operation.entree["code"]
    lue = _envoyer(
        operation,
        lambda: client.set_ephoto(numero, code),
        lambda _depuis: rapprochement.ephoto_definie(client, numero),
    )
    demande = _lire(client, operation, lue, eleve=operation.demande.eleve)
    return _faite(_("Le code ePhoto est enregistré sur la demande."), demande)


def _supprimer_ephoto(operation: Operation, client) -> Issue:
    numero = operation.demande.numero
    client.delete_ephoto(numero)
    demande = _lire(client, operation, client.get_demande(numero), eleve=operation.demande.eleve)
    return _faite(_("Le code ePhoto est retiré de la demande."), demande)


def nom_fichier_envoye(operation: Operation, type_contenu: str) -> str:
    """The name we give ANTS for an uploaded file: ours, so that we can find it again."""
    extension = mimetypes.guess_extension(type_contenu) or ""
    return f"{operation.entree['code'].lower()}-{operation.pk}{extension}"


def _ajouter_fichier(operation: Operation, client) -> Issue:
    entree, numero = operation.entree, operation.demande.numero
    document = DocumentEleve.objects.get(pk=entree["document"], eleve=operation.demande.eleve)
    with document.fichier.open("rb") as fichier:
        contenu = fichier.read()
    nom = nom_fichier_envoye(operation, document.type_contenu)
    fichier = _envoyer(
        operation,
        lambda: client.upload_piece(
            numero,
            entree["code"],
            filename=nom,
            content=contenu,
            content_type=document.type_contenu,
            commentaire=entree.get("commentaire", ""),
        ),
        lambda depuis: rapprochement.fichier_depose(
            client, numero, entree["code"], nom=nom, taille=len(contenu), pages=entree["pages"], depuis=depuis
        ),
    )
    demande = _lire(client, operation, client.get_demande(numero), eleve=operation.demande.eleve)
    return _faite(
        _("« %(document)s » est envoyé à l'ANTS (%(pages)s page(s)).")
        % {"document": document.libelle, "pages": fichier.pages},
        demande,
        fichier=fichier.id,
    )


def _supprimer_fichier(operation: Operation, client) -> Issue:
    entree, numero = operation.entree, operation.demande.numero
    try:
        client.delete_piece(numero, entree["code"], entree["fichier"])
    except NotFound:
        pass  # gone already
    demande = _lire(client, operation, client.get_demande(numero), eleve=operation.demande.eleve)
    return _faite(_("Le fichier est supprimé de la demande sur l'ANTS."), demande)


def _transferer(operation: Operation, client) -> Issue:
    numero = operation.entree["numero"]
    try:
        lue = _envoyer(
            operation,
            lambda: client.transfer_demande(
                numero, agrement_origine=operation.entree.get("agrement_origine", "")
            ),
            lambda _depuis: rapprochement.demande_transferee(client, numero),
        )
    except TransferRefused:
        recherche = rapprochement.demande_transferee(client, numero)  # already ours?
        if not recherche.found:
            raise
        lue = recherche.value
    demande = _lire(client, operation, lue)
    return _faite(
        _("La demande n° %(numero)s est transférée sur le compte de l'agence et reliée à l'élève.")
        % {"numero": numero},
        demande,
        numero=numero,
    )


def _relier(operation: Operation, client) -> Issue:
    numero = operation.entree["numero"]
    lue = client.get_demande(numero)
    demande = _lire(client, operation, lue)
    message = _("La demande n° %(numero)s est reliée à l'élève.") % {"numero": numero}
    if operation.entree.get("ecraser"):
        appliquer_sur_eleve(operation.eleve, lue)
        message += " " + _("Les informations de l'élève ont été mises à jour depuis le site de l'ANTS.")
    return _faite(message, demande, numero=numero)


def _telecharger(operation: Operation, client) -> Issue:
    demande, entree = operation.demande, operation.entree
    contenu, type_contenu = _contenu(client, demande.numero, entree)
    nom = f"{entree['quoi']}-{entree.get('code') or entree.get('fichier', '')}-{demande.numero}".lower()
    extension = mimetypes.guess_extension(type_contenu) or ""
    document = document_eleve_ajouter(
        eleve=demande.eleve,
        libelle=f"{entree['libelle']} (n° {demande.numero})",
        fichier=SimpleUploadedFile(nom + extension, contenu, content_type=type_contenu),
        nature=_nature_telechargee(entree),
        demande_numero=demande.numero,
    )
    return _faite(
        _("« %(document)s » est prêt.") % {"document": document.libelle}, demande, document=document.pk
    )


def _nature_telechargee(entree: dict) -> str:
    quoi = entree["quoi"]
    if quoi == "document":
        return DocumentEleve.Nature.DOCUMENT_ANTS
    if quoi == "fichier":
        return nature_de_piece(entree["code"])
    return DocumentEleve.Nature.PHOTO_SIGNATURE


def _contenu(client, numero: str, entree: dict) -> tuple[bytes, str]:
    quoi = entree["quoi"]
    if quoi == "document":
        return client.download_document(numero, entree["code"]), "application/pdf"
    if quoi == "fichier":
        return client.download_piece(numero, entree["code"], entree["fichier"]), entree["type"]
    ephoto = client.get_ephoto(numero)
    return (ephoto.photo, "image/jpeg") if quoi == "photo" else (ephoto.signature, "image/png")


ACTIONS = {
    Action.CREER: _creer,
    Action.ACTUALISER: _actualiser,
    Action.VALIDER: _valider,
    Action.SUPPRIMER: _supprimer,
    Action.DEFINIR_EPHOTO: _definir_ephoto,
    Action.SUPPRIMER_EPHOTO: _supprimer_ephoto,
    Action.AJOUTER_FICHIER: _ajouter_fichier,
    Action.SUPPRIMER_FICHIER: _supprimer_fichier,
    Action.TRANSFERER: _transferer,
    Action.RELIER: _relier,
    Action.TELECHARGER: _telecharger,
}
