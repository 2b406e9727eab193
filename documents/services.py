from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from eleves.models import Eleve

from .models import TAILLE_MAX, DocumentEleve

# What ANTS accepts as a piece justificative: keeping only these lets any document be sent later.
TYPES_ACCEPTES = {"application/pdf": "PDF", "image/jpeg": "JPEG", "image/png": "PNG"}


def erreur_fichier(fichier: UploadedFile) -> str:
    if fichier.size > TAILLE_MAX:
        return _(
            "Le fichier « %(nom)s » pèse %(taille).1f Mo : la limite est de 11 Mo. Réduisez-le (scan en "
            "niveaux de gris, résolution 200 dpi, ou compression PDF) puis déposez-le à nouveau."
        ) % {"nom": fichier.name, "taille": fichier.size / (1024 * 1024)}
    if fichier.content_type not in TYPES_ACCEPTES:
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
        type_contenu=fichier.content_type,
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
