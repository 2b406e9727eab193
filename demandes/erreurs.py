"""ANTS's typed errors, said to the secretary as what they mean and what to do (seed 000 pp. 17-18)."""

from django.utils.translation import gettext as _

from ants.client import (
    AntsError,
    AuthenticationRefused,
    BelongsToAnotherAccount,
    DataDiffers,
    DataRefused,
    DemandeAlreadyExists,
    EmailAlreadyUsed,
    EphotoAlreadyUsed,
    EphotoRefused,
    MissingPieces,
    NotFound,
    PieceRefused,
    StatusForbids,
    TransferRefused,
)

from .construction import lien_du_champ, source_du_champ


def champs_refuses(error, operation) -> list[dict]:
    """Each field ANTS refused, with the field of the file to correct and a link to it."""
    fields = getattr(error, "fields", [])
    eleve = operation.eleve
    champs = []
    for field in fields:
        source = source_du_champ(field.field)
        champs.append(
            {
                "libelle": str(source.libelle),
                "message": field.message,
                "url": lien_du_champ(eleve, source, type_demande=operation.entree.get("type", ""))
                if eleve
                else "",
            }
        )
    return champs


def _message(error: AntsError, operation) -> str:
    if isinstance(error, AuthenticationRefused):
        return (
            error.message
            + " "
            + _(
                "Demandez à votre responsable de vérifier les identifiants ANTS de l'agence dans "
                "l'administration."
            )
        )
    if isinstance(error, EmailAlreadyUsed):
        return _(
            "L'ANTS indique que cette adresse e-mail est déjà utilisée par une autre personne (frère, sœur, "
            "parent ?). Chaque élève doit avoir sa propre adresse personnelle : modifiez-la dans la fiche, "
            "puis renvoyez la demande."
        )
    if isinstance(error, DemandeAlreadyExists):
        return _(
            "Une demande du même type existe déjà pour cet élève à l'ANTS%(numero)s. Reliez-la à la fiche "
            "plutôt que d'en créer une nouvelle."
        ) % {"numero": _(" (n° %s)") % error.numero if error.numero else ""}
    if isinstance(error, DataDiffers):
        return _(
            "L'identité saisie diffère de celle du compte ANTS de l'élève (voir les champs ci-dessous). "
            "Vérifiez avec l'élève et corrigez la fiche, ou faites corriger son compte ANTS."
        )
    if isinstance(error, EphotoAlreadyUsed):
        return _(
            "Ce code ePhoto a déjà servi pour une autre demande : un code ne sert qu'une fois. "
            "L'élève doit refaire une photo en cabine agréée pour obtenir un nouveau code."
        )
    if isinstance(error, EphotoRefused):
        return _(
            "L'ANTS ne reconnaît pas ce code ePhoto. Vérifiez les 22 caractères ; un code tout juste obtenu "
            "peut mettre jusqu'à 72 heures à être connu de l'ANTS : réessayez plus tard."
        )
    if isinstance(error, MissingPieces):
        return _("L'ANTS refuse la validation : des pièces obligatoires manquent (%(pieces)s).") % {
            "pieces": ", ".join(error.pieces) or _("voir la liste des pièces")
        }
    if isinstance(error, BelongsToAnotherAccount):
        return _(
            "Cette demande est sur le compte ANTS d'une autre auto-école ou agence : utilisez « Transférer "
            "une demande » pour la récupérer."
        )
    if isinstance(error, TransferRefused):
        return _(
            "L'ANTS refuse le transfert : la demande est sous mandat papier (elle reste à l'auto-école qui "
            "l'a faite) ou elle est déjà sur le compte de votre agence."
        )
    if isinstance(error, NotFound):
        return _("L'ANTS ne trouve pas cette demande : vérifiez son numéro.")
    if isinstance(error, StatusForbids):
        return _(
            "L'ANTS refuse cette action dans le statut actuel de la demande : mettez-la à jour pour voir "
            "où elle en est."
        )
    if isinstance(error, PieceRefused | DataRefused):
        return error.message
    return _("L'ANTS a refusé l'opération : %(detail)s") % {"detail": error.message}


def erreur_expliquee(error: AntsError, operation) -> dict:
    """message, erreur (a code the page knows), champs and resultat for the refused operation."""
    resultat = {}
    if isinstance(error, DemandeAlreadyExists) and error.numero:
        resultat["numero_existant"] = error.numero
    return {
        "message": _message(error, operation),
        "erreur": type(error).__name__,
        "champs": champs_refuses(error, operation),
        "resultat": resultat,
    }
