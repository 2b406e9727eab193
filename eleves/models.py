from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agences.models import Adresse, Agence
from ants.client.types import Formation, ModeObtention, Motif
from ants.identifiants import ephoto_validator, neph_validator

from .validators import validate_categories, validate_prenom_unique


class Sexe(models.TextChoices):
    MASCULIN = "M", _("Monsieur")
    FEMININ = "F", _("Madame")


class Categorie(models.TextChoices):
    AM = "AM", "AM"
    A1 = "A1", "A1"
    A2 = "A2", "A2"
    A = "A", "A"
    B1 = "B1", "B1"
    B = "B", "B"
    BE = "BE", "BE"
    C1 = "C1", "C1"
    C1E = "C1E", "C1E"
    C = "C", "C"
    CE = "CE", "CE"
    D1 = "D1", "D1"
    D1E = "D1E", "D1E"
    D = "D", "D"
    DE = "DE", "DE"


# The motifs of a title demande (Cerfa 06), among ANTS's motifs.
MOTIFS_TITRE = [(motif.value, motif.label) for motif in (Motif.REUSSITE_EXAMEN, Motif.FORMATION)]


PAYS_FRANCE = "FRANCE"


class AdresseAffichee:
    """The lines of a postal address as on an envelope, each part only when there is one."""

    @property
    def lignes_adresse(self) -> list[str]:
        voie = (
            self.numero_voie,
            self.get_extension_voie_display(),
            self.get_type_voie_display(),
            self.nom_voie,
        )
        lignes = [
            " ".join(filter(None, voie)),
            self.complement,
            " ".join(filter(None, (self.code_postal, self.ville))),
        ]
        if self.pays and self.pays != PAYS_FRANCE:
            lignes.append(self.pays)
        return [ligne for ligne in lignes if ligne]


class Eleve(AdresseAffichee, Adresse):
    """The student file (fiche élève). The inherited address is the student's home."""

    agence = models.ForeignKey(
        Agence, verbose_name=_("bureau d'inscription"), on_delete=models.PROTECT, related_name="eleves"
    )
    sexe = models.CharField(_("civilité"), max_length=1, choices=Sexe.choices)
    nom_naissance = models.CharField(_("nom de naissance"), max_length=80)
    nom_usage = models.CharField(_("nom d'usage"), max_length=80, blank=True)
    prenom = models.CharField(
        _("prénom"),
        max_length=80,
        validators=[validate_prenom_unique],
        help_text=_("Le premier prénom seul ; les suivants vont dans « Autres prénoms »."),
    )
    autres_prenoms = models.CharField(
        _("autres prénoms"), max_length=160, blank=True, help_text=_("Séparés par un espace.")
    )
    date_naissance = models.DateField(_("date de naissance"))
    ville_naissance = models.CharField(_("ville de naissance"), max_length=120)
    departement_naissance = models.CharField(
        _("département de naissance"),
        max_length=3,
        blank=True,
        help_text=_("Vide pour une naissance à l'étranger."),
    )
    pays_naissance = models.CharField(_("pays de naissance"), max_length=80, default=PAYS_FRANCE)
    # The home's country (its city and postal code are checked in the referential when FRANCE).
    pays = models.CharField(_("pays"), max_length=80, default=PAYS_FRANCE)
    telephone_mobile = models.CharField(_("téléphone mobile"), max_length=20, blank=True)
    telephone_autre = models.CharField(_("autre téléphone"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True, help_text=_("L'adresse personnelle de l'élève."))
    cree_le = models.DateTimeField(_("créé le"), default=timezone.now, editable=False)
    inscrit_le = models.DateField(_("inscrit le"), null=True, blank=True)
    categorie_formation = models.CharField(
        _("formation (permis)"), max_length=3, choices=Categorie.choices, default=Categorie.B
    )
    filiere = models.CharField(
        _("filière"), max_length=20, choices=Formation.choices, default=Formation.TRADITIONNELLE
    )
    neph = models.CharField(_("numéro NEPH"), max_length=12, blank=True, validators=[neph_validator])
    observations = models.TextField(_("observations"), blank=True)
    # Sort keys kept by eleves.services (uppercase, unaccented): lists are in this order. The
    # search itself runs on MotRecherche.
    recherche_nom = models.CharField(max_length=200, editable=False, default="")
    recherche_prenom = models.CharField(max_length=200, editable=False, default="")

    class Meta:
        ordering = ["recherche_nom", "recherche_prenom", "id"]
        verbose_name = _("élève")
        verbose_name_plural = _("élèves")
        indexes = [
            # The lists' order: a page of a search is read along it, not sorted from every match.
            models.Index(fields=["recherche_nom", "recherche_prenom", "id"], name="eleve_ordre_idx"),
            models.Index(fields=["agence", "recherche_nom", "recherche_prenom"], name="eleve_agence_nom_idx"),
            models.Index(fields=["email"], name="eleve_email_idx"),
        ]

    def __str__(self):
        return f"{self.nom_affiche} {self.prenom}".strip()

    @property
    def nom_affiche(self) -> str:
        return self.nom_usage or self.nom_naissance

    @property
    def ne_en_france(self) -> bool:
        return self.pays_naissance.strip().upper() == PAYS_FRANCE

    @property
    def habite_en_france(self) -> bool:
        return self.pays.strip().upper() == PAYS_FRANCE


class RepresentantLegal(AdresseAffichee, Adresse):
    """Legal representative of a minor (at most two per student, rang 1 and 2)."""

    eleve = models.ForeignKey(Eleve, on_delete=models.CASCADE, related_name="representants")
    rang = models.PositiveSmallIntegerField(_("rang"), choices=[(1, "1"), (2, "2")])
    sexe = models.CharField(_("civilité"), max_length=1, choices=Sexe.choices, blank=True)
    nom = models.CharField(_("nom de naissance"), max_length=80, blank=True)
    prenom = models.CharField(_("prénoms"), max_length=160, blank=True)
    date_naissance = models.DateField(_("date de naissance"), null=True, blank=True)
    pays = models.CharField(_("pays"), max_length=80, default=PAYS_FRANCE)
    telephone = models.CharField(_("téléphone"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)

    class Meta:
        ordering = ["rang"]
        verbose_name = _("représentant légal")
        verbose_name_plural = _("représentants légaux")
        constraints = [models.UniqueConstraint(fields=["eleve", "rang"], name="representant_rang_unique")]

    def __str__(self):
        return f"{self.nom} {self.prenom}".strip()

    @property
    def habite_en_france(self) -> bool:
        return self.pays.strip().upper() == PAYS_FRANCE


class DossierPermis(models.Model):
    """The Dossier 02-06 of a student: what the Cerfa 02 and 06 carry beyond the identity."""

    eleve = models.OneToOneField(Eleve, on_delete=models.CASCADE, related_name="dossier")
    # Lists of Categorie values: JSON so the product also runs on SQLite (no ArrayField).
    categories_demandees = models.JSONField(
        _("catégories demandées"), default=list, blank=True, validators=[validate_categories]
    )
    categories_obtenues = models.JSONField(
        _("catégories déjà obtenues"), default=list, blank=True, validators=[validate_categories]
    )
    derniere_categorie = models.CharField(
        _("dernière catégorie obtenue"), max_length=3, choices=Categorie.choices, blank=True
    )
    derniere_categorie_date = models.DateField(_("date d'obtention"), null=True, blank=True)
    derniere_categorie_lieu = models.CharField(_("lieu de délivrance"), max_length=120, blank=True)
    derniere_categorie_pays = models.CharField(_("pays de délivrance"), max_length=80, blank=True)
    derniere_categorie_prefecture = models.CharField(
        _("préfecture de délivrance"), max_length=120, blank=True
    )
    derniere_categorie_departement = models.CharField(
        _("département de délivrance"), max_length=3, blank=True
    )
    derniere_categorie_mode = models.CharField(
        _("mode d'obtention"), max_length=10, choices=ModeObtention.choices, blank=True
    )
    instance_examen = models.BooleanField(
        _("en instance d'examen dans le même ou un autre département"), default=False
    )
    lit_francais = models.BooleanField(_("comprend et lit couramment le français"), default=True)
    correction_vision = models.BooleanField(
        _("porteur d'un dispositif de correction de la vision"), default=False
    )
    affection_medicale = models.BooleanField(
        _("atteint d'une affection ou d'un handicap pouvant être incompatible avec le permis"), default=False
    )
    vehicule_amenage = models.BooleanField(_("doit conduire un véhicule aménagé"), default=False)
    pension_invalidite = models.BooleanField(
        _("titulaire d'une pension d'invalidité civile ou militaire"), default=False
    )
    opposition_reutilisation_donnees = models.BooleanField(
        _("s'oppose à la réutilisation de ses données personnelles"), default=False
    )
    visite_medicale = models.DateField(_("visite médicale le"), null=True, blank=True)
    motif_titre = models.CharField(
        _("demande de titre après"), max_length=20, choices=MOTIFS_TITRE, blank=True
    )
    date_examen_ou_formation = models.DateField(
        _("date de l'examen ou de la formation"), null=True, blank=True
    )
    code_ephoto_02 = models.CharField(
        _("code ePhoto Cerfa 02"), max_length=22, blank=True, validators=[ephoto_validator]
    )
    code_ephoto_06 = models.CharField(
        _("code ePhoto Cerfa 06"), max_length=22, blank=True, validators=[ephoto_validator]
    )

    class Meta:
        verbose_name = _("dossier 02-06")
        verbose_name_plural = _("dossiers 02-06")

    def __str__(self):
        return f"Dossier 02-06 de {self.eleve}"


class MotRecherche(models.Model):
    """A word a student is found by, kept by eleves.services: each word of the birth name, the usage
    name and the given name ("GALL" finds LE GALL), each name run together ("LEGALL"), the NEPH, the
    email's letters and digits. The index is in the order the typeahead shows (the word, then the
    name): the first ten of a prefix are read in order, without sorting every match."""

    class Genre(models.TextChoices):
        NOM = "N", _("nom")
        NEPH = "P", _("NEPH")
        EMAIL = "E", _("e-mail")

    MOT_MAX = 60

    eleve = models.ForeignKey(Eleve, on_delete=models.CASCADE, related_name="mots_recherche")
    genre = models.CharField(max_length=1, choices=Genre.choices)
    mot = models.CharField(max_length=MOT_MAX)
    ordre = models.CharField(max_length=401)  # the student's sort key: recherche_nom, recherche_prenom

    class Meta:
        indexes = [models.Index(fields=["genre", "mot", "ordre", "eleve"], name="mot_recherche_idx")]

    def __str__(self):
        return self.mot


class SuppressionEleve(models.Model):
    """A student file deleted: who, when, which student. Kept once the file is gone."""

    agence = models.ForeignKey(Agence, verbose_name=_("bureau"), on_delete=models.PROTECT, related_name="+")
    numero_eleve = models.PositiveIntegerField(_("numéro de la fiche"))
    eleve = models.CharField(_("élève"), max_length=250)
    documents = models.PositiveIntegerField(_("documents supprimés avec la fiche"), default=0)
    par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("par"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    par_identifiant = models.CharField(_("identifiant de l'utilisateur"), max_length=150)
    le = models.DateTimeField(_("le"), default=timezone.now)

    class Meta:
        ordering = ["-le", "-id"]
        verbose_name = _("suppression d'une fiche élève")
        verbose_name_plural = _("suppressions de fiches élèves")

    def __str__(self):
        return self.eleve
