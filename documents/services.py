from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import Truncator, slugify
from django.utils.translation import gettext as _

from autoecole.saisie import sans_caracteres_interdits
from eleves.models import Eleve

from .fichiers import FichierRefuse, verifier_fichier
from .models import DocumentEleve, NatureDocument

LIBELLE_MAX = DocumentEleve._meta.get_field("libelle").max_length


def nom_document(*, eleve: Eleve, libelle: str, extension: str, jour) -> str:
    """The name a document is stored and served under, built by the server: who, what, when, and
    the extension of what the file really is. Nothing of the name the file came with."""
    quoi = slugify(libelle)[:50].strip("-") or "document"
    return f"{slugify(str(eleve))[:50].strip('-')}_{quoi}_{jour:%Y-%m-%d}{extension}"


def _nom_affiche(nom: str) -> str:
    # The name the browser sent, as the secretary knows it: shortened, without invisible characters.
    return Truncator(sans_caracteres_interdits(nom)).chars(60)


@transaction.atomic
def document_eleve_ajouter(
    *, eleve: Eleve, libelle: str, fichier: UploadedFile, nature: str = NatureDocument.AUTRE
) -> DocumentEleve:
    """Stores a document on the student's file once documents.fichiers has read it through.

    Without a label, the file's name serves, shortened: a long name is never a reason to refuse.
    """
    try:
        verifie = verifier_fichier(fichier.read())
    except FichierRefuse as refus:
        raise ValidationError(
            {
                "fichier": _("Le fichier « %(nom)s » est refusé. %(raison)s")
                % {"nom": _nom_affiche(fichier.name), "raison": refus.messages[0]}
            }
        ) from None
    libelle = libelle.strip() or Truncator(sans_caracteres_interdits(PurePath(fichier.name).stem)).chars(
        LIBELLE_MAX
    )
    nom = nom_document(eleve=eleve, libelle=libelle, extension=verifie.extension, jour=timezone.localdate())
    document = DocumentEleve(
        eleve=eleve,
        libelle=libelle,
        nature=nature,
        nom_fichier=nom,
        type_contenu=verifie.type_contenu,
        taille=len(verifie.contenu),
        pages=verifie.pages,
    )
    document.fichier.save(nom, ContentFile(verifie.contenu), save=False)
    try:
        document.full_clean()
        document.save()
    except Exception:
        document.fichier.delete(save=False)  # no orphan file when the row is refused
        raise
    return document


@transaction.atomic
def document_eleve_supprimer(*, document: DocumentEleve) -> None:
    """Removes a document from the student's file, and its file once that is committed."""
    fichier = document.fichier
    document.delete()
    transaction.on_commit(lambda: fichier.storage.delete(fichier.name))
