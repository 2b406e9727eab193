"""What may be done on a demande, given its status on ANTS and the user's rights.

Each rule answers with the reason when it says no: the page shows it on the disabled button, and
the service refuses with the same words (docs/ants-api.md, "Statuses").
"""

from dataclasses import dataclass
from datetime import timedelta

from django.utils.translation import gettext as _

from agences import access
from ants.client.types import Statut

# Our own status for a demande ANTS no longer has (deleted by the school, or the 7 days passed).
SUPPRIMEE = "SUPPRIMEE"

STATUTS_OUVERTS = (
    Statut.BROUILLON,
    Statut.EN_ATTENTE_VALIDATION_USAGER,
    Statut.VERIFICATION_PIECES,
    Statut.VERIFICATION_IMAGES,
    Statut.A_COMPLETER,
    Statut.EN_COURS_TRAITEMENT,
)
# Statuses in ANTS's hands: past this without a move, a demande is shown as stuck (seed 002).
STATUTS_EN_COURS_A_L_ANTS = (
    Statut.EN_ATTENTE_VALIDATION_USAGER,
    Statut.VERIFICATION_PIECES,
    Statut.VERIFICATION_IMAGES,
    Statut.EN_COURS_TRAITEMENT,
)
IMMOBILE_APRES = timedelta(days=30)
STATUTS_PIECES = (Statut.BROUILLON, Statut.A_COMPLETER)
STATUTS_VALIDATION = (Statut.BROUILLON, Statut.A_COMPLETER)
STATUTS_SUPPRESSION = (Statut.BROUILLON, Statut.EN_ATTENTE_VALIDATION_USAGER)


@dataclass(frozen=True)
class Possible:
    oui: bool
    raison: str = ""

    def __bool__(self) -> bool:
        return self.oui


OUI = Possible(True)


def _statut(demande, permis, raison) -> Possible:
    return OUI if demande.statut in permis else Possible(False, raison % {"statut": demande.statut_affiche})


def _droit(user, permission) -> Possible:
    if user.has_perm(permission):
        return OUI
    return Possible(
        False,
        _("Vous n'avez pas le droit « %(droit)s » : demandez-le à votre responsable.")
        % {"droit": access.nom_du_droit(permission)},
    )


def _premier_refus(*possibles: Possible) -> Possible:
    return next((p for p in possibles if not p), OUI)


def pieces_manquantes(demande) -> list[str]:
    return [p["libelle"] for p in demande.pieces if p.get("requise") and not p.get("fichiers")]


def peut_valider(demande, user) -> Possible:
    manquantes = pieces_manquantes(demande) if demande.statut == Statut.BROUILLON else []
    return _premier_refus(
        _droit(user, access.VALIDER_DEMANDE),
        _statut(
            demande, STATUTS_VALIDATION, _("La demande est « %(statut)s » : elle ne peut plus être validée.")
        ),
        Possible(
            not manquantes,
            _("Pièces obligatoires manquantes : %(pieces)s. Envoyez-les d'abord.")
            % {"pieces": ", ".join(manquantes)},
        ),
    )


def peut_supprimer(demande, user) -> Possible:
    return _premier_refus(
        _droit(user, access.SUPPRIMER_DEMANDE),
        _statut(
            demande,
            STATUTS_SUPPRESSION,
            _(
                "La demande est « %(statut)s » : l'auto-école ne peut la supprimer qu'en brouillon ou en "
                "attente de validation par l'élève."
            ),
        ),
    )


def peut_modifier_pieces(demande, user) -> Possible:
    return _statut(
        demande,
        STATUTS_PIECES,
        _("La demande est « %(statut)s » : les pièces ne se modifient qu'en brouillon ou « À compléter »."),
    )


def peut_definir_ephoto(demande, user) -> Possible:
    return _statut(
        demande,
        (Statut.BROUILLON,),
        _("La demande est « %(statut)s » : le code ePhoto ne se change qu'en brouillon."),
    )


def peut_supprimer_ephoto(demande, user) -> Possible:
    return _premier_refus(
        _droit(user, access.SUPPRIMER_CODE_EPHOTO),
        peut_definir_ephoto(demande, user),
        Possible(demande.ephoto_presente, _("La demande n'a pas de code ePhoto.")),
    )


def peut_consulter_ephoto(demande, user) -> Possible:
    return Possible(demande.ephoto_presente, _("La demande n'a pas de code ePhoto."))


def peut_actualiser(demande, user) -> Possible:
    return Possible(demande.statut != SUPPRIMEE, _("La demande n'existe plus sur le site de l'ANTS."))


def est_ouverte(demande) -> bool:
    return demande.statut in STATUTS_OUVERTS
