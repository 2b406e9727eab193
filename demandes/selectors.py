"""Reads for the demandes pages."""

from io import BytesIO

from pypdf import PdfReader

from . import regles
from .models import Demande, Operation

OPERATIONS_AFFICHEES = 30


def demandes_de_l_eleve(eleve):
    return list(eleve.demandes.order_by("-cree_le", "-id"))


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


def pages_du_document(document) -> int:
    """Pages ANTS will count: a PDF's pages, one for an image."""
    if document.type_contenu != "application/pdf":
        return 1
    with document.fichier.open("rb") as fichier:
        return len(PdfReader(BytesIO(fichier.read())).pages)
