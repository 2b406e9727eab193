"""What ANTS says of a demande, written on our Demande row (the student file, the sync)."""

from django.db import transaction
from django.utils import timezone

from ants.client import DemandeAnts, DemandeResume, Document, Piece

from .models import ChangementStatut, Demande
from .regles import SUPPRIMEE


def pieces_json(pieces: list[Piece]) -> list[dict]:
    return [
        {
            "code": p.code,
            "libelle": p.libelle,
            "aide": p.aide,
            "requise": p.requise,
            "pages_max": p.pages_max,
            "pages": p.pages,
            "commentaire_autorise": p.commentaire_autorise,
            "fichiers": [
                {
                    "id": f.id,
                    "nom": f.nom,
                    "pages": f.pages,
                    "taille": f.taille,
                    "type": f.type,
                    "commentaire": f.commentaire,
                    "depose_le": f.depose_le.isoformat(),
                }
                for f in p.fichiers
            ],
        }
        for p in pieces
    ]


def documents_json(documents: list[Document]) -> list[dict]:
    return [
        {"code": d.code, "libelle": d.libelle, "aide": d.aide, "disponible": d.disponible} for d in documents
    ]


def champs_resume(resume: DemandeResume | DemandeAnts) -> dict:
    """The fields a listing and a full read both carry."""
    candidat = resume.candidat
    return {
        "type": resume.type,
        "motif": resume.motif,
        "statut": resume.statut,
        "statut_libelle": resume.statut_libelle,
        "cree_le": resume.cree_le,
        "modifie_le": resume.modifie_le,
        "transferee": resume.transferee,
        "neph": resume.neph,
        "candidat_nom": candidat.nom_naissance,
        "candidat_prenom": candidat.prenom,
        "candidat_date_naissance": candidat.date_naissance,
        "candidat_email": candidat.email,
    }


# The fields champs_resume fills: what a batch of the sync updates.
CHAMPS_RESUME = [
    "type",
    "motif",
    "statut",
    "statut_libelle",
    "cree_le",
    "modifie_le",
    "transferee",
    "neph",
    "candidat_nom",
    "candidat_prenom",
    "candidat_date_naissance",
    "candidat_email",
]


def champs_complets(lue: DemandeAnts) -> dict:
    return {
        **champs_resume(lue),
        "motif_statut": lue.motif_statut,
        "valide_le": lue.valide_le,
        "mandat_papier": lue.mandat_papier,
        "ephoto_presente": lue.ephoto_present,
        "agrement": lue.agrement,
    }


@transaction.atomic
def demande_enregistrer_lue(*, lue: DemandeAnts, agence, eleve=None, pieces=None, documents=None) -> Demande:
    """Create or update our row from ANTS's full answer; the student link is kept unless given."""
    valeurs = {**champs_complets(lue), "lue_le": timezone.now()}
    if pieces is not None:
        valeurs["pieces"] = pieces_json(pieces)
    if documents is not None:
        valeurs["documents"] = documents_json(documents)
    demande, cree = Demande.objects.get_or_create(
        numero=lue.numero, defaults={**valeurs, "agence": eleve.agence if eleve else agence, "eleve": eleve}
    )
    ancien = "" if cree else demande.statut
    if not cree:
        if eleve is not None:
            valeurs |= {"eleve": eleve, "agence": eleve.agence}
        for champ, valeur in valeurs.items():
            setattr(demande, champ, valeur)
        demande.save(update_fields=list(valeurs))
    _noter_changement(demande, ancien)
    return demande


def changement_statut(demande: Demande, ancien: str) -> ChangementStatut:
    return ChangementStatut(
        demande=demande,
        ancien=ancien,
        nouveau=demande.statut,
        libelle=demande.statut_libelle,
        modifie_le=demande.modifie_le,
    )


def _noter_changement(demande: Demande, ancien: str) -> None:
    if demande.statut != ancien:
        changement_statut(demande, ancien).save()


@transaction.atomic
def demande_marquer_supprimee(*, demande: Demande, libelle: str) -> None:
    ancien = demande.statut
    demande.statut, demande.statut_libelle, demande.lue_le = SUPPRIMEE, libelle, timezone.now()
    demande.save(update_fields=["statut", "statut_libelle", "lue_le"])
    _noter_changement(demande, ancien)
