"""Enregistrer la demande en ligne: the file becomes a draft on ANTS, once, or says why not."""

from demandes import services
from demandes.models import Demande, Operation

Etat = Operation.Etat


def test_a_complete_file_becomes_a_draft_on_ants(executer, eleve, secretaire, ants_sandbox):
    operation = executer(services.demande_creer, eleve=eleve, type_demande="CERFA_02", par=secretaire)

    operation.refresh_from_db()
    assert operation.etat == Etat.FAITE, operation.message
    demande = Demande.objects.get(eleve=eleve)
    assert demande.statut == "BROUILLON"
    assert [d["numero"] for d in ants_sandbox.state_snapshot()["demandes"] if d["email"] == eleve.email] == [
        demande.numero
    ]
