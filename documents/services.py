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

from . import imprimes
from .fichiers import FichierRefuse, verifier_fichier
from .models import AccesDocument, DocumentEleve

LIBELLE_MAX = DocumentEleve._meta.get_field("libelle").max_length
Nature = DocumentEleve.Nature


def nom_document(*, eleve: Eleve, libelle: str, extension: str, jour) -> str:
    """The name a document is stored and served under, built by the server: who, what, when, and
    the extension of what the file really is. Nothing of the name the file came with."""
    quoi = slugify(libelle)[:50].strip("-") or "document"
    return f"{slugify(str(eleve))[:50].strip('-')}_{quoi}_{jour:%Y-%m-%d}{extension}"


def nature_de_piece(code: str) -> str:
    """The nature of a file sent as, or fetched from, ANTS's piece `code`."""
    if code.startswith("PIECE_IDENTITE"):  # the student's, or the legal representative's
        return Nature.PIECE_IDENTITE
    if code == "JUSTIFICATIF_DOMICILE":
        return Nature.JUSTIFICATIF_DOMICILE
    return Nature.PIECE_JUSTIFICATIVE


def _nom_affiche(nom: str) -> str:
    # The name the browser sent, as the secretary knows it: shortened, without invisible characters.
    return Truncator(sans_caracteres_interdits(nom)).chars(60)


def document_eleve_ajouter(
    *,
    eleve: Eleve,
    libelle: str,
    fichier: UploadedFile,
    nature: str = Nature.AUTRE,
    demande_numero: str = "",
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
    return _enregistrer(
        DocumentEleve(eleve=eleve, libelle=libelle, nature=nature, demande_numero=demande_numero), verifie
    )


@transaction.atomic
def _enregistrer(document: DocumentEleve, verifie) -> DocumentEleve:
    document.nom_fichier = nom_document(
        eleve=document.eleve, libelle=document.libelle, extension=verifie.extension, jour=timezone.localdate()
    )
    document.type_contenu = verifie.type_contenu
    document.taille = len(verifie.contenu)
    document.pages = verifie.pages
    document.fichier.save(document.nom_fichier, ContentFile(verifie.contenu), save=False)
    try:
        document.full_clean()
        document.save()
    except Exception:
        document.fichier.delete(save=False)  # no orphan file when the row is refused
        raise
    return document


def imprime_enregistrer(*, eleve: Eleve, modele: str, libelle: str, contenu: bytes) -> DocumentEleve:
    """Stores a PDF the school printed (documents.imprimes) in place of the previous print of the same
    model: it is rebuilt from the file, only the latest one means anything."""
    document = _enregistrer(
        DocumentEleve(eleve=eleve, libelle=libelle, nature=Nature.PDF_ECOLE, modele=modele),
        verifier_fichier(contenu),
    )
    documents_supprimer(eleve.documents.filter(modele=modele).exclude(pk=document.pk))
    return document


def mandat_imprimer(*, eleve: Eleve) -> DocumentEleve:
    return imprime_enregistrer(
        eleve=eleve, modele="mandat", libelle=_("Mandat à signer"), contenu=imprimes.mandat_pdf(eleve=eleve)
    )


def document_consulter(*, document: DocumentEleve, par) -> None:
    """Records that `par` downloads the document (the Documents tab and the admin show it)."""
    AccesDocument.objects.create(
        eleve_id=document.eleve_id,
        document=document,
        libelle=document.libelle,
        nature=document.nature,
        par=par,
        identifiant=par.get_username(),
    )


def documents_supprimer(documents) -> list[DocumentEleve]:
    """Deletes each document's file, then its row; a file that cannot be deleted keeps its row (so
    that it is not forgotten on disk) and the error goes up. Returns the documents deleted."""
    supprimes = []
    for document in documents:
        document.fichier.delete(save=False)
        document.delete()
        supprimes.append(document)
    return supprimes
