from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from eleves.models import Eleve

from .models import TAILLE_MAX, DocumentEleve

# What ANTS accepts as a piece justificative, recognised by the file's first bytes (the type the
# browser declares is only a guess from the name): keeping only these lets any document be sent later.
SIGNATURES = {b"%PDF-": "application/pdf", b"\xff\xd8\xff": "image/jpeg", b"\x89PNG\r\n\x1a\n": "image/png"}


def type_fichier(fichier: UploadedFile) -> str:
    """The file's real type among those ANTS accepts, or "" when it is none of them."""
    fichier.seek(0)
    debut = fichier.read(8)
    fichier.seek(0)
    return next((type_ for signature, type_ in SIGNATURES.items() if debut.startswith(signature)), "")


def erreur_fichier(fichier: UploadedFile) -> str:
    if fichier.size > TAILLE_MAX:
        return _(
            "Le fichier « %(nom)s » pèse %(taille).1f Mo : la limite est de 11 Mo. Réduisez-le (scan en "
            "niveaux de gris, résolution 200 dpi, ou compression PDF) puis déposez-le à nouveau."
        ) % {"nom": fichier.name, "taille": fichier.size / (1024 * 1024)}
    if not type_fichier(fichier):
        return _(
            "Le fichier « %(nom)s » n'est ni un PDF, ni une image JPEG ou PNG : enregistrez-le dans "
            "l'un de ces formats."
        ) % {"nom": fichier.name}
    return ""


@transaction.atomic
def document_eleve_ajouter(*, eleve: Eleve, libelle: str, fichier: UploadedFile) -> DocumentEleve:
    if message := erreur_fichier(fichier):
        raise ValidationError({"fichier": message})
    document = DocumentEleve(
        eleve=eleve,
        libelle=libelle.strip() or fichier.name,
        nom_fichier=fichier.name[:255],
        type_contenu=type_fichier(fichier),
        taille=fichier.size,
    )
    document.fichier.save(fichier.name, fichier, save=False)
    try:
        document.full_clean()
        document.save()
    except Exception:
        document.fichier.delete(save=False)  # no orphan file when the row is refused
        raise
    return document
