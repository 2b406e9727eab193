"""ANTS acts but its answer is lost (sandbox faults/timeout): looked up, never done twice."""

from datetime import timedelta

import pytest
from django.utils import timezone

from demandes import services
from demandes.construction import demande_depuis_eleve
from demandes.execution import operations_relancer_dues
from demandes.instantane import vers_json
from demandes.models import Demande, Operation

Etat = Operation.Etat


@pytest.fixture(autouse=True)
def _reponse_courte(settings):
    settings.ANTS_READ_TIMEOUT = 1


@pytest.fixture
def brouillon_d_un_autre(agence, ants_sandbox):
    """The account lists a demande already: its listing can then tell that one is missing."""
    from tests.eleves.factories import EleveFactory

    autre = EleveFactory(agence=agence)
    autre.dossier.categories_demandees = ["B"]
    body = vers_json(demande_depuis_eleve(autre, type_demande="CERFA_02"))
    return ants_sandbox.control("demandes", agrement=agence.numero_agrement, demande=body)


def perdre_la_reponse(sandbox, method: str, path: str, *, drop: bool):
    sandbox.control("faults/timeout", method=method, path=path, delay_s=3, drop=drop)


def finir(executer, operation: Operation) -> Operation:
    """The operation once looked up again as often as it needs (its waits skipped)."""
    for _ in range(5):
        operation.refresh_from_db()
        if not operation.ouverte:
            return operation
        Operation.objects.filter(pk=operation.pk).update(prochain_essai=timezone.now())
        executer(operations_relancer_dues)
    return operation


@pytest.mark.parametrize("drop", [False, True], ids=["answer held", "connection dropped"])
def test_a_lost_upload_is_found_on_ants_not_sent_twice(
    executer, brouillon, document, secretaire, ants_sandbox, drop
):
    perdre_la_reponse(ants_sandbox, "POST", f"/api/v1/demandes/{brouillon.numero}/pieces/*", drop=drop)
    operation = executer(
        services.demande_ajouter_fichier,
        demande=brouillon,
        code="PIECE_IDENTITE",
        document=document(),
        par=secretaire,
    )
    assert finir(executer, operation).etat == Etat.FAITE
    brouillon.refresh_from_db()
    assert len(next(p for p in brouillon.pieces if p["code"] == "PIECE_IDENTITE")["fichiers"]) == 1


@pytest.mark.parametrize("drop", [False, True], ids=["answer held", "connection dropped"])
def test_a_lost_validation_is_seen_on_ants(executer, pieces_requises, secretaire, ants_sandbox, drop):
    perdre_la_reponse(
        ants_sandbox, "POST", f"/api/v1/demandes/{pieces_requises.numero}/validation", drop=drop
    )
    operation = executer(services.demande_valider, demande=pieces_requises, par=secretaire)
    assert finir(executer, operation).etat == Etat.FAITE
    pieces_requises.refresh_from_db()
    assert pieces_requises.statut == "EN_ATTENTE_VALIDATION_USAGER"


@pytest.mark.parametrize("drop", [False, True], ids=["answer held", "connection dropped"])
def test_a_lost_ephoto_code_is_seen_on_ants(executer, brouillon, secretaire, ants_sandbox, drop):
    perdre_la_reponse(ants_sandbox, "PUT", f"/api/v1/demandes/{brouillon.numero}/ephoto", drop=drop)
    code = ants_sandbox.control("ephoto")["code"]
    operation = executer(services.demande_definir_ephoto, demande=brouillon, code=code, par=secretaire)
    assert finir(executer, operation).etat == Etat.FAITE
    brouillon.refresh_from_db()
    assert brouillon.ephoto_presente


@pytest.mark.parametrize("drop", [False, True], ids=["answer held", "connection dropped"])
def test_a_lost_transfer_is_seen_on_ants(executer, eleve, secretaire, ants_sandbox, drop):
    autre = ants_sandbox.control("accounts")
    body = vers_json(demande_depuis_eleve(eleve, type_demande="CERFA_02"))
    ailleurs = ants_sandbox.control("demandes", agrement=autre["agrement"], demande=body)
    perdre_la_reponse(ants_sandbox, "POST", "/api/v1/demandes/transferts", drop=drop)
    operation = executer(services.demande_transferer, eleve=eleve, numero=ailleurs["numero"], par=secretaire)
    assert finir(executer, operation).etat == Etat.FAITE
    assert Demande.objects.get(numero=ailleurs["numero"]).eleve == eleve


def test_a_create_that_may_not_have_left_is_resent_only_once_ants_surely_lacks_it(
    executer, eleve, secretaire, ants_sandbox, time_machine, brouillon_d_un_autre
):
    # A worker marked the create as sent, then died before it left: ANTS has nothing.
    operation = services.demande_creer(eleve=eleve, type_demande="CERFA_02", par=secretaire)
    Operation.objects.filter(pk=operation.pk).update(
        etat=Etat.EN_COURS, envoyee_le=timezone.now(), bail_jusqu_a=timezone.now(), tentatives=1
    )
    time_machine.move_to(timezone.now() + timedelta(seconds=1))
    executer(operations_relancer_dues)
    operation.refresh_from_db()
    assert operation.etat == Etat.A_VERIFIER  # too early to say ANTS lacks it: nothing resent

    time_machine.move_to(timezone.now() + timedelta(minutes=16))  # past ANTS_APPLY_DELAY_MAX
    assert finir(executer, operation).etat == Etat.FAITE
    assert len([d for d in ants_sandbox.state_snapshot()["demandes"] if d["email"] == eleve.email]) == 1


def test_a_person_who_checked_on_ants_can_close_an_operation_left_to_check(eager, eleve, secretaire):
    operation = services.demande_creer(eleve=eleve, type_demande="CERFA_02", par=secretaire)
    Operation.objects.filter(pk=operation.pk).update(etat=Etat.A_VERIFIER, envoyee_le=timezone.now())
    assert services.operation_abandonner(operation=operation, par=secretaire)
    operation.refresh_from_db()
    assert operation.etat == Etat.REFUSEE and "après vérification sur le site de l'ANTS" in operation.message
    services.demande_creer(eleve=eleve, type_demande="CERFA_02", par=secretaire)  # may be asked again


def test_an_operation_a_worker_is_looking_up_cannot_be_closed(eager, eleve, secretaire):
    operation = services.demande_creer(eleve=eleve, type_demande="CERFA_02", par=secretaire)
    Operation.objects.filter(pk=operation.pk).update(etat=Etat.EN_COURS)
    assert not services.operation_abandonner(operation=operation, par=secretaire)
