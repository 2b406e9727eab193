from pathlib import PurePath
from uuid import uuid4

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .storage import documents_prives


def _chemin(document: "DocumentEleve", filename: str) -> str:
    # A random name, which reveals nothing about the student, with the extension of the type that
    # documents.fichiers found (`filename` is built by documents.services.nom_document).
    return f"eleves/{document.eleve_id}/{uuid4().hex}{PurePath(filename).suffix}"


class NatureDocument(models.TextChoices):
    """What a document is: the pieces justificatives ANTS asks for (docs/ants-api.md), and the rest."""

    PIECE_IDENTITE = "PIECE_IDENTITE", _("Pièce d'identité")
    JUSTIFICATIF_DOMICILE = "JUSTIFICATIF_DOMICILE", _("Justificatif de domicile")
    PIECE_IDENTITE_REPRESENTANT = "PIECE_IDENTITE_REPRESENTANT", _("Pièce d'identité du représentant légal")
    AVIS_MEDICAL = "AVIS_MEDICAL", _("Avis médical")
    ASSR = "ASSR", _("ASSR ou ASR")
    JDC = "JDC", _("Certificat JDC (service national)")
    TITRE_SEJOUR = "TITRE_SEJOUR", _("Titre de séjour")
    PERMIS_CONDUIRE = "PERMIS_CONDUIRE", _("Permis de conduire")
    ATTESTATION_FORMATION = "ATTESTATION_FORMATION", _("Attestation de formation")
    JUGEMENT_ANNULATION = "JUGEMENT_ANNULATION", _("Jugement d'annulation")
    TESTS_PSYCHOTECHNIQUES = "TESTS_PSYCHOTECHNIQUES", _("Tests psychotechniques")
    BREVET_MILITAIRE = "BREVET_MILITAIRE", _("Brevet militaire")
    ENGAGEMENT_HONNEUR = "ENGAGEMENT_HONNEUR", _("Engagement sur l'honneur")
    CEPC = "CEPC", _("Certificat d'examen du permis de conduire")
    DOCUMENT_ANTS = "DOCUMENT_ANTS", _("Document de l'ANTS")
    AUTRE = "AUTRE", _("Autre document")


class DocumentEleve(models.Model):
    """A file kept on the student's record (ID scan, proof of address…), private to the agency."""

    eleve = models.ForeignKey("eleves.Eleve", on_delete=models.CASCADE, related_name="documents")
    libelle = models.CharField(_("libellé"), max_length=120)
    nature = models.CharField(
        _("nature"), max_length=30, choices=NatureDocument.choices, default=NatureDocument.AUTRE
    )
    fichier = models.FileField(_("fichier"), upload_to=_chemin, storage=documents_prives, max_length=255)
    nom_fichier = models.CharField(_("nom du fichier"), max_length=255)
    type_contenu = models.CharField(_("type"), max_length=100, blank=True)
    taille = models.PositiveIntegerField(_("taille (octets)"))
    # As ANTS counts them: a PDF's pages, 1 for an image (documents.fichiers read it on upload).
    pages = models.PositiveSmallIntegerField(_("pages"), default=1)
    depose_le = models.DateTimeField(_("déposé le"), default=timezone.now)

    class Meta:
        ordering = ["-depose_le", "-id"]
        verbose_name = _("document de l'élève")
        verbose_name_plural = _("documents de l'élève")

    def __str__(self):
        return self.libelle
