"""Reads for the demandes pages."""

from dataclasses import dataclass, field

from ants.client.types import TypeDemande
from eleves.regles import cerfa_en_cours
from eleves.verification import Probleme, problemes_envoi

from . import regles
from .models import Demande, Operation

OPERATIONS_AFFICHEES = 30


def demandes_de_l_eleve(eleve):
    return list(eleve.demandes.order_by("-cree_le", "-id"))


@dataclass
class Envoi:
    """What the page says of one Cerfa for this student: already under way, not yet due, or what to fix."""

    type_demande: TypeDemande
    ouverte: object = None  # the open demande of that type
    pas_encore: bool = False  # a title demande before the exam or the training
    problemes: list[Probleme] = field(default_factory=list)


def envoi_possible(eleve, type_demande: TypeDemande, demandes) -> Envoi:
    ouverte = next((d for d in demandes if d.type == type_demande and regles.est_ouverte(d)), None)
    envoi = Envoi(type_demande, ouverte=ouverte)
    if ouverte is None:
        envoi.pas_encore = type_demande == TypeDemande.CERFA_06 and cerfa_en_cours(eleve) != type_demande
        envoi.problemes = problemes_envoi(eleve, cerfa=type_demande)
    return envoi


def operations_de_l_eleve(eleve):
    return list(
        Operation.objects.filter(eleve=eleve)
        .select_related("demande", "demandee_par")
        .order_by("-demandee_le", "-id")[:OPERATIONS_AFFICHEES]
    )


def operations_de_la_demande(demande: Demande):
    return list(
        demande.operations.select_related("demandee_par").order_by("-demandee_le", "-id")[
            :OPERATIONS_AFFICHEES
        ]
    )


def actions_possibles(demande: Demande, user) -> dict[str, regles.Possible]:
    return {
        "actualiser": regles.peut_actualiser(demande, user),
        "valider": regles.peut_valider(demande, user),
        "supprimer": regles.peut_supprimer(demande, user),
        "pieces": regles.peut_modifier_pieces(demande, user),
        "definir_ephoto": regles.peut_definir_ephoto(demande, user),
        "supprimer_ephoto": regles.peut_supprimer_ephoto(demande, user),
        "consulter_ephoto": regles.peut_consulter_ephoto(demande, user),
    }


def cible_de_telechargement(demande: Demande, donnees) -> dict | None:
    """What a "download" button asks for, if the demande offers it: a document, a file, the ePhoto."""
    quoi = donnees.get("quoi")
    if quoi == "document":
        document = next(
            (d for d in demande.documents if d["code"] == donnees.get("code") and d["disponible"]), None
        )
        return {"quoi": quoi, "code": document["code"], "libelle": document["libelle"]} if document else None
    if quoi == "fichier":
        for piece in demande.pieces:
            for fichier in piece["fichiers"]:
                if piece["code"] == donnees.get("code") and fichier["id"] == donnees.get("fichier"):
                    libelle = f"{piece['libelle']} — {fichier['nom']}"
                    return {
                        "quoi": quoi,
                        "code": piece["code"],
                        "fichier": fichier["id"],
                        "type": fichier["type"],
                        "libelle": libelle,
                    }
        return None
    if quoi in ("photo", "signature") and demande.ephoto_presente:
        libelles = {"photo": "Photo ePhoto", "signature": "Signature ePhoto"}
        return {"quoi": quoi, "libelle": libelles[quoi]}
    return None
