"""The summary and the letter of a demande, printed into the student's documents.

Built here, above documents: the summary from demandes.construction, so that it is exactly what ANTS
will receive; the letter from the student's latest demande of that type when there is one.
"""

from django.utils.translation import gettext_lazy as _

from ants.client.types import TypeDemande
from documents import imprimes
from documents.models import DocumentEleve
from documents.services import imprime_enregistrer
from eleves.models import Eleve

from .construction import code_ephoto_pour, demande_depuis_eleve

RECAPITULATIF = "recapitulatif"
LETTRE = "lettre"
MODELES = {RECAPITULATIF: _("Récapitulatif de la demande"), LETTRE: _("Lettre au candidat")}


def _libelle(modele: str, type_demande: TypeDemande) -> str:
    cerfa = "Cerfa 02" if type_demande == TypeDemande.CERFA_02 else "Cerfa 06"
    return f"{MODELES[modele]} ({cerfa})"


def recapitulatif_imprimer(*, eleve: Eleve, type_demande: str) -> DocumentEleve:
    type_demande = TypeDemande(type_demande)
    contenu = imprimes.recapitulatif_pdf(
        eleve=eleve, envoi=demande_depuis_eleve(eleve, type_demande=type_demande)
    )
    return imprime_enregistrer(
        eleve=eleve,
        modele=f"{RECAPITULATIF}:{type_demande}",
        libelle=_libelle(RECAPITULATIF, type_demande),
        contenu=contenu,
    )


def lettre_imprimer(*, eleve: Eleve, type_demande: str) -> DocumentEleve:
    """The letter for the student's latest demande of this type, or, before it is sent, for the
    file as it is (its ePhoto code, no mandate)."""
    type_demande = TypeDemande(type_demande)
    demande = eleve.demandes.filter(type=type_demande).order_by("-cree_le", "-id").first()
    if demande is not None:
        faits = {"ephoto": demande.ephoto_presente, "mandat": demande.mandat_papier, "numero": demande.numero}
    else:
        faits = {"ephoto": bool(code_ephoto_pour(eleve.dossier, type_demande)), "mandat": False}
    contenu = imprimes.lettre_pdf(eleve=eleve, type_demande=type_demande, **faits)
    return imprime_enregistrer(
        eleve=eleve,
        modele=f"{LETTRE}:{type_demande}",
        libelle=_libelle(LETTRE, type_demande),
        contenu=contenu,
    )


def imprimer(*, eleve: Eleve, modele: str, type_demande: str) -> DocumentEleve:
    return {RECAPITULATIF: recapitulatif_imprimer, LETTRE: lettre_imprimer}[modele](
        eleve=eleve, type_demande=type_demande
    )
