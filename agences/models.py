import datetime

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from ants.identifiants import agrement_validator

from . import crypto


class TypeVoie(models.TextChoices):
    RUE = "RUE", _("Rue")
    AVENUE = "AVENUE", _("Avenue")
    BOULEVARD = "BOULEVARD", _("Boulevard")
    CHEMIN = "CHEMIN", _("Chemin")
    ALLEE = "ALLEE", _("Allée")
    IMPASSE = "IMPASSE", _("Impasse")
    PLACE = "PLACE", _("Place")
    ROUTE = "ROUTE", _("Route")
    QUAI = "QUAI", _("Quai")
    COURS = "COURS", _("Cours")
    SQUARE = "SQUARE", _("Square")
    LIEU_DIT = "LIEU_DIT", _("Lieu-dit")
    AUTRE = "AUTRE", _("Autre")


class ExtensionVoie(models.TextChoices):
    BIS = "BIS", _("bis")
    TER = "TER", _("ter")
    QUATER = "QUATER", _("quater")
    QUINQUIES = "QUINQUIES", _("quinquies")


class Adresse(models.Model):
    """Postal address fields, shared by agencies, students and legal representatives."""

    numero_voie = models.CharField(_("numéro de la voie"), max_length=10, blank=True)
    extension_voie = models.CharField(
        _("extension"), max_length=10, choices=ExtensionVoie.choices, blank=True
    )
    type_voie = models.CharField(_("type de voie"), max_length=20, choices=TypeVoie.choices, blank=True)
    nom_voie = models.CharField(_("nom de la voie"), max_length=120, blank=True)
    complement = models.CharField(_("complément"), max_length=120, blank=True)
    code_postal = models.CharField(_("code postal"), max_length=5, blank=True)
    ville = models.CharField(_("ville"), max_length=120, blank=True)

    class Meta:
        abstract = True


# The address's fields, as forms list them.
CHAMPS_ADRESSE = [champ.name for champ in Adresse._meta.fields]


class Agence(Adresse):
    """One office (bureau) of a driving school."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    nom = models.CharField(_("nom"), max_length=120)
    agence_responsable = models.ForeignKey(
        "self",
        verbose_name=_("agence responsable"),
        help_text=_("Agence dont les identifiants ANTS servent aux demandes des élèves de cette agence."),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agences_rattachees",
    )
    numero_agrement = models.CharField(
        _("numéro d'agrément Cerfa"), max_length=11, blank=True, validators=[agrement_validator]
    )
    identifiant_ants = models.CharField(_("identifiant ANTS"), max_length=120, blank=True)
    # Fernet token, never the password itself: see agences.crypto.
    mot_de_passe_ants_chiffre = models.TextField(_("mot de passe ANTS (chiffré)"), blank=True, editable=False)
    # The list ANTS returns for the agency's postal code ([{"code": ..., "nom": ...}]), refreshed by
    # the admin action "Mettre à jour la liste des préfectures"; `prefecture` is one of its codes.
    prefectures_disponibles = models.JSONField(
        _("préfectures disponibles"), default=list, blank=True, editable=False
    )
    prefecture = models.CharField(_("préfecture"), max_length=120, blank=True)
    heure_synchronisation = models.TimeField(
        _("heure de la mise à jour nocturne"),
        default=datetime.time(2, 30),
        help_text=_("Chaque nuit à cette heure, les demandes du compte ANTS de l'agence sont relues."),
    )

    class Meta:
        ordering = ["nom"]
        verbose_name = _("agence")
        verbose_name_plural = _("agences")

    def __str__(self):
        return f"{self.code} {self.nom}"

    def clean(self):
        super().clean()
        self._clean_agence_responsable()
        if self.prefecture and self.prefecture not in {p["code"] for p in self.prefectures_disponibles}:
            raise ValidationError(
                {
                    "prefecture": _(
                        "Choisissez la préfecture dans la liste fournie par l'ANTS "
                        "(action « Mettre à jour la liste des préfectures »)."
                    )
                }
            )

    def _clean_agence_responsable(self):
        # One level only: an agency uses its own credentials or those of an agency that does.
        responsable = self.agence_responsable
        if not responsable:
            return
        if responsable.pk == self.pk or responsable.agence_responsable_id:
            message = _(
                "L'agence responsable doit être une autre agence qui utilise ses propres identifiants ANTS."
            )
        elif self.pk and self.agences_rattachees.exists():
            message = _(
                "Cette agence est responsable d'autres agences : elle garde ses propres identifiants."
            )
        else:
            return
        raise ValidationError({"agence_responsable": message})

    @property
    def prefecture_nom(self) -> str:
        noms = {p["code"]: p["nom"] for p in self.prefectures_disponibles}
        return noms.get(self.prefecture, self.prefecture)

    @property
    def responsable(self) -> "Agence":
        return self.agence_responsable or self

    def set_mot_de_passe_ants(self, password: str) -> None:
        self.mot_de_passe_ants_chiffre = crypto.encrypt(password) if password else ""

    def get_mot_de_passe_ants(self) -> str:
        """The password in clear; raises crypto.UndecryptablePassword when no current key decrypts it."""
        return crypto.decrypt(self.mot_de_passe_ants_chiffre) if self.mot_de_passe_ants_chiffre else ""

    @property
    def has_mot_de_passe_ants(self) -> bool:
        return bool(self.mot_de_passe_ants_chiffre)

    @property
    def mot_de_passe_ants_lisible(self) -> bool:
        """Stored, and decrypted by one of the current keys (ANTS_PASSWORD_KEYS)."""
        try:
            return bool(self.get_mot_de_passe_ants())
        except crypto.UndecryptablePassword:
            return False


class User(AbstractUser):
    agences = models.ManyToManyField(Agence, verbose_name=_("agences"), blank=True, related_name="users")

    class Meta:
        verbose_name = _("utilisateur")
        verbose_name_plural = _("utilisateurs")
        permissions = [
            ("valider_demande", _("ANTS - Valider une demande")),
            ("supprimer_demande", _("ANTS - Supprimer une demande")),
            ("supprimer_code_ephoto", _("ANTS - Supprimer le code ePhoto")),
        ]
