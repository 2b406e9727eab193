"""Reminders to students before an ANTS deadline, and each agency's choice to send them."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agences.models import Agence
from demandes.models import Demande

from .echeances import ECHEANCES, ETAPES


class ParametresRappels(models.Model):
    """Whether an agency's students get reminders, and from whom (a manager sets it)."""

    agence = models.OneToOneField(
        Agence, on_delete=models.CASCADE, primary_key=True, related_name="parametres_rappels"
    )
    actifs = models.BooleanField(_("envoyer les rappels aux élèves"), default=False)
    nom_expediteur = models.CharField(
        _("nom de l'expéditeur"), max_length=120, blank=True, help_text=_("Par défaut, le nom de l'agence.")
    )
    email_expediteur = models.EmailField(
        _("adresse de l'expéditeur"),
        blank=True,
        help_text=_("Une adresse que votre serveur d'envoi accepte ; vide, celle du produit."),
    )
    modifie_le = models.DateTimeField(_("modifié le"), auto_now=True)

    class Meta:
        verbose_name = _("rappels aux élèves")
        verbose_name_plural = _("rappels aux élèves")

    def __str__(self):
        return f"{self.agence.code} ({'actifs' if self.actifs else 'inactifs'})"


class Rappel(models.Model):
    """One reminder of one deadline of one demande: the row is claimed before the email leaves.

    Unique per demande, deadline and step: a second claim (a redelivered task, two workers) fails
    on the constraint, so an email goes at most once. A worker that dies between the claim and the
    outcome leaves it EN_COURS: shown as "à vérifier", never sent again.
    """

    class Etat(models.TextChoices):
        EN_COURS = "EN_COURS", _("envoi en cours ou interrompu, à vérifier")
        ENVOYE = "ENVOYE", _("envoyé")
        ANNULE = "ANNULE", _("non envoyé : la demande a avancé")
        ECHOUE = "ECHOUE", _("échec de l'envoi")

    demande = models.ForeignKey(Demande, on_delete=models.CASCADE, related_name="rappels")
    echeance = models.CharField(
        _("échéance"), max_length=20, choices=[(e.cle, e.libelle) for e in ECHEANCES.values()]
    )
    etape = models.CharField(_("rappel"), max_length=20, choices=[(e.cle, e.libelle) for e in ETAPES])
    etat = models.CharField(_("état"), max_length=10, choices=Etat.choices, default=Etat.EN_COURS)
    reclame_le = models.DateTimeField(default=timezone.now)
    envoye_le = models.DateTimeField(_("envoyé le"), null=True, blank=True)
    destinataires = models.JSONField(_("destinataires"), default=list, blank=True)
    message = models.TextField(blank=True)

    class Meta:
        ordering = ["-reclame_le", "-id"]
        verbose_name = _("rappel")
        verbose_name_plural = _("rappels")
        constraints = [
            models.UniqueConstraint(fields=["demande", "echeance", "etape"], name="rappel_unique_par_etape")
        ]

    def __str__(self):
        return f"{self.demande.numero} {self.echeance} {self.etape} ({self.etat})"
