"""Reminders to the student (and the legal representative of a minor) before an ANTS deadline.

The day after the school validates, and two days before the 7 days end, an email says what ANTS
sent, what to click and what happens otherwise; the same for the 15-day photo form. Celery beat
asks often (`rappels_envoyer`); each reminder is claimed by inserting its row (unique per demande,
deadline and step) before anything is sent, then ANTS is read once more: a student who has acted
since the last sync gets nothing. An email goes at most once.
"""

import logging
import smtplib
from dataclasses import dataclass
from datetime import date, datetime
from email.utils import formataddr

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from agences.services import client_for_agence
from ants.client import AntsError, NotFound
from ants.client.types import Statut
from demandes.lecture import demande_enregistrer_lue, demande_marquer_supprimee
from demandes.models import Demande
from eleves.donnees import AGE_MAJORITE

from .echeances import ACTIVATION, FORMULAIRE_PHOTO, Echeance, Etape
from .models import ParametresRappels, Rappel
from .tableau import entree_dans

logger = logging.getLogger(__name__)
Etat = Rappel.Etat
# The status a deadline runs in: once the demande has left it, the student has acted.
STATUT_DE = {
    ACTIVATION.cle: Statut.EN_ATTENTE_VALIDATION_USAGER,
    FORMULAIRE_PHOTO.cle: Statut.VERIFICATION_PIECES,
}
# Nothing was sent: the claim is given back and the next run tries again.
PAS_ENVOYE = (ConnectionRefusedError, smtplib.SMTPConnectError, smtplib.SMTPHeloError)


@dataclass(frozen=True)
class Du:
    demande: Demande
    echeance: Echeance
    etape: Etape
    fin: datetime


def _candidates(echeance: Echeance):
    agences = ParametresRappels.objects.filter(actifs=True).values("agence")
    demandes = Demande.objects.filter(agence__in=agences, eleve__isnull=False, statut=STATUT_DE[echeance.cle])
    if echeance is ACTIVATION:
        return demandes.annotate(debut=entree_dans(Statut.EN_ATTENTE_VALIDATION_USAGER))
    # The form is due only without an ePhoto code, known from a full read (valide_le says one was made).
    return demandes.filter(valide_le__isnull=False, ephoto_presente=False).annotate(
        debut=entree_dans(Statut.VERIFICATION_PIECES, premiere=True)
    )


def rappels_dus(maintenant: datetime) -> list[Du]:
    """The latest step due of each running deadline not reminded yet (a step missed is not sent late)."""
    dus = []
    for echeance in (ACTIVATION, FORMULAIRE_PHOTO):
        for demande in _candidates(echeance).select_related("agence", "eleve").prefetch_related("rappels"):
            debut = demande.debut or demande.valide_le or demande.modifie_le
            fin = debut + echeance.duree
            etapes = [e for e in echeance.etapes if e.due(debut, fin) <= maintenant < fin]
            if not etapes:
                continue
            etape = max(etapes, key=lambda e: e.due(debut, fin))
            deja = {(r.echeance, r.etape) for r in demande.rappels.all()}
            if (echeance.cle, etape.cle) not in deja:
                dus.append(Du(demande, echeance, etape, fin))
    return dus


def _mineur(naissance: date, jour: date) -> bool:
    age = jour.year - naissance.year - ((jour.month, jour.day) < (naissance.month, naissance.day))
    return age < AGE_MAJORITE


def _messages(du: Du, expediteur: str) -> list[EmailMessage]:
    eleve = du.demande.eleve
    destinataires = [(eleve.email, None)] if eleve.email else []
    if _mineur(eleve.date_naissance, timezone.localdate()):
        destinataires += [(r.email, r) for r in eleve.representants.all() if r.email]
    sujets = {
        ACTIVATION.cle: _("Permis de conduire : activez votre compte ANTS avant le %(fin)s"),
        FORMULAIRE_PHOTO.cle: _(
            "Permis de conduire : envoyez le formulaire photo-signature avant le %(fin)s"
        ),
    }
    fin = timezone.localtime(du.fin)
    sujet = sujets[du.echeance.cle] % {"fin": fin.strftime("%d/%m/%Y")}
    return [
        EmailMessage(
            sujet,
            render_to_string(
                "suivi/emails/rappel.txt",
                {"du": du, "eleve": eleve, "representant": representant, "fin": fin, "agence": eleve.agence},
            ),
            expediteur,
            [adresse],
        )
        for adresse, representant in destinataires
    ]


def _expediteur(agence) -> str:
    parametres = agence.parametres_rappels
    return formataddr(
        (parametres.nom_expediteur or agence.nom, parametres.email_expediteur or settings.DEFAULT_FROM_EMAIL)
    )


def _reclamer(du: Du) -> Rappel | None:
    try:
        with transaction.atomic():
            return Rappel.objects.create(demande=du.demande, echeance=du.echeance.cle, etape=du.etape.cle)
    except IntegrityError:
        return None  # claimed already: by another worker, or this task delivered twice


def _finir(rappel: Rappel, etat: str, message: str = "", **champs) -> Rappel:
    Rappel.objects.filter(pk=rappel.pk).update(etat=etat, message=message, **champs)
    rappel.refresh_from_db()
    return rappel


def _toujours_en_attente(du: Du) -> bool | None:
    """ANTS read once more: True if the demande still waits for the student, None if ANTS is unreachable."""
    demande = du.demande
    try:
        lue = client_for_agence(demande.agence).get_demande(demande.numero)
    except NotFound:
        demande_marquer_supprimee(demande=demande, libelle=_("Supprimée sur le site de l'ANTS"))
        return False
    except AntsError:
        return None
    demande = demande_enregistrer_lue(lue=lue, agence=demande.agence, eleve=demande.eleve)
    return demande.statut == STATUT_DE[du.echeance.cle]


def rappel_envoyer(du: Du) -> Rappel | None:
    rappel = _reclamer(du)
    if rappel is None:
        return None
    en_attente = _toujours_en_attente(du)
    if en_attente is None:
        rappel.delete()  # nothing sent: the next run asks ANTS again
        return None
    if not en_attente:
        return _finir(rappel, Etat.ANNULE, _("La demande a avancé : l'élève a agi, aucun rappel envoyé."))
    messages = _messages(du, _expediteur(du.demande.agence))
    if not messages:
        return _finir(rappel, Etat.ECHOUE, _("Aucune adresse e-mail sur la fiche de l'élève."))
    adresses = [adresse for message in messages for adresse in message.to]
    try:
        get_connection(fail_silently=False).send_messages(messages)
    except PAS_ENVOYE:
        rappel.delete()
        logger.warning("SMTP server unreachable, reminder %s given back", rappel.pk)
        return None
    except (smtplib.SMTPException, OSError) as erreur:
        # Perhaps sent, perhaps not: shown on the file, never sent again.
        message = _("Le serveur d'envoi a répondu : %(e)s") % {"e": erreur}
        return _finir(rappel, Etat.ECHOUE, message, destinataires=adresses)
    return _finir(rappel, Etat.ENVOYE, destinataires=adresses, envoye_le=timezone.now())


def rappels_envoyer(*, maintenant: datetime | None = None) -> list[Rappel]:
    """Every reminder due now (Celery beat); each one is claimed, so two runs at once send each once."""
    faits = [rappel_envoyer(du) for du in rappels_dus(maintenant or timezone.now())]
    return [rappel for rappel in faits if rappel is not None]


def rappels_de_l_eleve(eleve) -> list[Rappel]:
    return list(Rappel.objects.filter(demande__eleve=eleve).select_related("demande").order_by("-reclame_le"))
