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


class DocumentEleve(models.Model):
    """A file kept on the student's record (ID scan, proof of address…), private to the agency."""

    eleve = models.ForeignKey("eleves.Eleve", on_delete=models.CASCADE, related_name="documents")
    libelle = models.CharField(_("libellé"), max_length=120)
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
