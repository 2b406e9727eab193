from pathlib import PurePath
from uuid import uuid4

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .storage import documents_prives


def _chemin(document: "DocumentEleve", filename: str) -> str:
    # A random name, which reveals nothing about the student, with the extension of the type that
    # documents.fichiers found (`filename` is built by documents.services.nom_document).
    return f"eleves/{document.eleve_id}/{uuid4().hex}{PurePath(filename).suffix}"


class DocumentEleve(models.Model):
    """A file kept on the student's record (ID scan, proof of address, ANTS's documents, the PDFs the
    school prints…), private to the agency; how long it is kept depends on its nature
    (documents.conservation)."""

    class Nature(models.TextChoices):
        PIECE_IDENTITE = "PIECE_IDENTITE", _("Pièce d'identité")
        JUSTIFICATIF_DOMICILE = "JUSTIFICATIF_DOMICILE", _("Justificatif de domicile")
        PIECE_JUSTIFICATIVE = "PIECE_JUSTIFICATIVE", _("Autre pièce justificative")
        PHOTO_SIGNATURE = "PHOTO_SIGNATURE", _("Photo ou signature (ePhoto)")
        DOCUMENT_ANTS = "DOCUMENT_ANTS", _("Document de l'ANTS")
        PDF_ECOLE = "PDF_ECOLE", _("Document imprimé par l'école")
        MANDAT_SIGNE = "MANDAT_SIGNE", _("Mandat signé")
        AUTRE = "AUTRE", _("Autre document")

    eleve = models.ForeignKey("eleves.Eleve", on_delete=models.CASCADE, related_name="documents")
    nature = models.CharField(_("nature"), max_length=30, choices=Nature.choices, default=Nature.AUTRE)
    libelle = models.CharField(_("libellé"), max_length=120)
    fichier = models.FileField(_("fichier"), upload_to=_chemin, storage=documents_prives, max_length=255)
    nom_fichier = models.CharField(_("nom du fichier"), max_length=255)
    type_contenu = models.CharField(_("type"), max_length=100, blank=True)
    taille = models.PositiveIntegerField(_("taille (octets)"))
    # As ANTS counts them: a PDF's pages, 1 for an image (documents.fichiers read it on upload).
    pages = models.PositiveSmallIntegerField(_("pages"), default=1)
    depose_le = models.DateTimeField(_("déposé le"), default=timezone.now)
    # The ANTS demande a document fetched from ANTS comes from, by its number: data, not a foreign key,
    # so that documents stays below demandes.
    demande_numero = models.CharField(_("demande n°"), max_length=40, blank=True)
    # Which of the school's printed documents it is ("recapitulatif:CERFA_02"…): a new print replaces it.
    modele = models.CharField(max_length=40, blank=True, editable=False)

    class Meta:
        ordering = ["-depose_le", "-id"]
        verbose_name = _("document de l'élève")
        verbose_name_plural = _("documents de l'élève")
        indexes = [models.Index(fields=["nature", "depose_le"], name="document_nature_depot_idx")]

    def __str__(self):
        return self.libelle


class AccesDocument(models.Model):
    """One download of a student's document: who, when, which document. Kept after the document is
    deleted (with its label then), for ACCES_CONSERVATION_MOIS (documents.conservation)."""

    eleve = models.ForeignKey(
        "eleves.Eleve", verbose_name=_("élève"), on_delete=models.CASCADE, related_name="acces_documents"
    )
    document = models.ForeignKey(
        DocumentEleve,
        verbose_name=_("document"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="acces",
    )
    libelle = models.CharField(_("document"), max_length=120)
    nature = models.CharField(_("nature"), max_length=30, choices=DocumentEleve.Nature.choices)
    par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # The login at the time: the record still says who once the account is gone.
    identifiant = models.CharField(_("identifiant"), max_length=150)
    le = models.DateTimeField(_("le"), default=timezone.now)

    class Meta:
        ordering = ["-le", "-id"]
        verbose_name = _("consultation d'un document")
        verbose_name_plural = _("consultations des documents")
        indexes = [
            models.Index(fields=["eleve", "-le"], name="acces_eleve_idx"),
            models.Index(fields=["le"], name="acces_le_idx"),
        ]

    def __str__(self):
        return f"{self.libelle} — {self.identifiant} {self.le:%d/%m/%Y %H:%M}"
