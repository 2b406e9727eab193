"""Building deadlines as they happen: the school's actions through the app, the student's and the
administration's on the sandbox, then a reading of the account (the sync) or a « Mettre à jour »."""

from demandes import services
from demandes.construction import demande_depuis_eleve
from demandes.instantane import vers_json
from demandes.models import Demande
from demandes.synchronisation import synchronisation_creer, synchronisation_executer
from suivi.tableau import lignes_a_suivre


def valider(executer, demande, secretaire) -> Demande:
    executer(services.demande_valider, demande=demande, par=secretaire)
    demande.refresh_from_db()
    return demande


def lire_le_compte(agence) -> None:
    """« Mettre à jour depuis le site de la préfecture »: every demande of the agency's account."""
    synchronisation_executer(synchronisation_id=synchronisation_creer(agence=agence).pk)


def mettre_a_jour(executer, demande, secretaire) -> Demande:
    """« Mettre à jour » on the demande (a full read)."""
    executer(services.demande_actualiser, demande=demande, par=secretaire)
    demande.refresh_from_db()
    return demande


def etudiant(sandbox, demande, action: str) -> None:
    sandbox.control("student", numero=demande.numero, action=action)


def administration(sandbox, demande, action: str, motif: str = "") -> None:
    sandbox.control(
        "administration", numero=demande.numero, action=action, **({"motif": motif} if motif else {})
    )


def sur_le_site(sandbox, agence, eleve, statut=None) -> dict:
    """A demande made directly on the ANTS site with the agency's account."""
    payload = {
        "agrement": agence.numero_agrement,
        "demande": vers_json(demande_depuis_eleve(eleve, type_demande="CERFA_02")),
    }
    return sandbox.control("demandes", **payload, **({"statut": statut} if statut else {}))


def lignes(secretaire, agence):
    return lignes_a_suivre(user=secretaire, agences=[agence])


def groupes(secretaire, agence) -> list[str]:
    return [ligne.groupe.cle for ligne in lignes(secretaire, agence)]
