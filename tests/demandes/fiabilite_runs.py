"""Fault runs, counted: not collected by `make test` (the name is not test_*); run them with
    make fault-runs            (or: pytest tests/demandes/fiabilite_runs.py -s)
FAULT_RUNS (default 200), KILL_RUNS (50) and CLICK_RUNS (50) set how many rounds. Each scenario
prints one JSON line of counts; every count of damage must be 0.
"""

import json
import os
import random
import threading
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import timezone

from demandes import services
from demandes.execution import operations_relancer_dues
from demandes.models import Demande, Operation
from demandes.services import DemandeImpossible
from documents.services import document_eleve_ajouter
from tests.demandes.conftest import DROITS, pdf
from tests.eleves.factories import EleveFactory
from tests.factories import UserFactory
from tests.worker import attendre

Etat = Operation.Etat
pytestmark = pytest.mark.django_db(transaction=True)


def runs(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


def un_eleve(agence):
    eleve = EleveFactory(agence=agence)
    eleve.dossier.categories_demandees = ["B"]
    eleve.dossier.save()
    return eleve


def piece_de(eleve):
    fichier = SimpleUploadedFile("scan.pdf", pdf(), content_type="application/pdf")
    return document_eleve_ajouter(eleve=eleve, libelle="Scan", fichier=fichier)


def sur_ants(sandbox) -> list[dict]:
    return sandbox.state_snapshot()["demandes"]


def rapport(scenario: str, **counts) -> None:
    print(json.dumps({"scenario": scenario, **counts}, ensure_ascii=False))  # noqa: T201


def finir(executer, operation) -> Operation:
    for _ in range(6):
        operation.refresh_from_db()
        if not operation.ouverte:
            break
        Operation.objects.filter(pk=operation.pk).update(prochain_essai=timezone.now())
        executer(operations_relancer_dues)
    return operation


def test_lost_answers(executer, agence, ants_sandbox, settings):
    """faults/timeout (answer held or connection dropped) on create, upload, validate, transfer, ePhoto."""
    settings.ANTS_READ_TIMEOUT = 0.5
    secretaire = UserFactory(agences=[agence], permissions=DROITS)
    actions = ["creer", "fichier", "valider", "transfert", "ephoto"]
    counts = {
        "runs": 0,
        "duplicate_demandes": 0,
        "files_twice": 0,
        "ephoto_burned_by_us": 0,
        "left_without_state": 0,
    }
    per_action = dict.fromkeys(actions, 0)
    for run in range(runs("FAULT_RUNS", 200)):
        action, drop = actions[run % len(actions)], run % 2 == 1
        eleve = un_eleve(agence)
        if action == "transfert":
            from demandes.construction import demande_depuis_eleve
            from demandes.instantane import vers_json

            autre = ants_sandbox.control("accounts")
            body = vers_json(demande_depuis_eleve(eleve, type_demande="CERFA_02"))
            numero = ants_sandbox.control("demandes", agrement=autre["agrement"], demande=body)["numero"]
        elif action != "creer":
            executer(services.demande_creer, eleve=eleve, type_demande="CERFA_02", par=secretaire)
            demande = Demande.objects.get(eleve=eleve)
            if action == "valider":
                for piece in [p for p in demande.pieces if p["requise"]]:
                    executer(
                        services.demande_ajouter_fichier,
                        demande=demande,
                        code=piece["code"],
                        document=piece_de(eleve),
                        par=secretaire,
                    )
                demande.refresh_from_db()
        path = {
            "creer": "/api/v1/demandes",
            "fichier": "/api/v1/demandes/*/pieces/*",
            "valider": "/api/v1/demandes/*/validation",
            "transfert": "/api/v1/demandes/transferts",
            "ephoto": "/api/v1/demandes/*/ephoto",
        }[action]
        ants_sandbox.control(
            "faults/timeout",
            method="PUT" if action == "ephoto" else "POST",
            path=path,
            delay_s=1.5,
            drop=drop,
        )
        if action == "creer":
            operation = executer(services.demande_creer, eleve=eleve, type_demande="CERFA_02", par=secretaire)
        elif action == "fichier":
            operation = executer(
                services.demande_ajouter_fichier,
                demande=demande,
                code="PIECE_IDENTITE",
                document=piece_de(eleve),
                par=secretaire,
            )
        elif action == "valider":
            operation = executer(services.demande_valider, demande=demande, par=secretaire)
        elif action == "transfert":
            operation = executer(services.demande_transferer, eleve=eleve, numero=numero, par=secretaire)
        else:
            code = ants_sandbox.control("ephoto")["code"]
            operation = executer(services.demande_definir_ephoto, demande=demande, code=code, par=secretaire)
        operation = finir(executer, operation)
        ants_sandbox.control("faults/clear")
        counts["runs"] += 1
        per_action[action] += 1
        mine = [
            d for d in sur_ants(ants_sandbox) if d["email"] == eleve.email and d["statut"] != "TRANSFEREE"
        ]
        counts["duplicate_demandes"] += max(0, len(mine) - 1)
        if action == "fichier":
            demande.refresh_from_db()
            counts["files_twice"] += max(
                0, len(next(p for p in demande.pieces if p["code"] == "PIECE_IDENTITE")["fichiers"]) - 1
            )
        if operation.ouverte and not operation.message:
            counts["left_without_state"] += 1
        if operation.etat == Etat.REFUSEE and operation.erreur == "EphotoAlreadyUsed":
            counts["ephoto_burned_by_us"] += 1
    rapport("lost answers", **counts, per_action=per_action)
    assert counts["duplicate_demandes"] == counts["files_twice"] == counts["ephoto_burned_by_us"] == 0
    assert counts["left_without_state"] == 0


def test_killed_workers(worker, agence, ants_sandbox):
    """SIGKILL at a random moment of a create, then a new worker: one demande, every operation ends."""
    secretaire = UserFactory(agences=[agence], permissions=DROITS)
    ants_sandbox.control("faults/latency", ms=300)
    rng = random.Random(12)  # noqa: S311 - the kill moments, reproducible
    counts = {"runs": 0, "duplicate_demandes": 0, "not_done": 0, "left_without_state": 0}
    states = {}
    for _ in range(runs("KILL_RUNS", 50)):
        eleve = un_eleve(agence)
        operation = services.demande_creer(eleve=eleve, type_demande="CERFA_02", par=secretaire)
        time.sleep(rng.uniform(0, 1.2))  # the kill lands anywhere in the task
        worker.kill()
        worker.start()
        Operation.objects.filter(pk=operation.pk, etat=Etat.A_VERIFIER).update(prochain_essai=timezone.now())
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            operation.refresh_from_db()
            if not operation.ouverte:
                break
            operations_relancer_dues()
            time.sleep(0.3)
        states[operation.etat] = states.get(operation.etat, 0) + 1
        counts["runs"] += 1
        mine = [d for d in sur_ants(ants_sandbox) if d["email"] == eleve.email]
        counts["duplicate_demandes"] += max(0, len(mine) - 1)
        counts["not_done"] += operation.etat != Etat.FAITE and not (
            operation.etat == Etat.A_VERIFIER and not mine
        )
        counts["left_without_state"] += (
            operation.ouverte and not operation.message and operation.etat != Etat.EN_ATTENTE
        )
    rapport("killed workers", **counts, final_states=states)
    assert counts["duplicate_demandes"] == 0


def test_two_secretaries_click_valider_at_once(worker, agence, ants_sandbox):
    secretaire = UserFactory(agences=[agence], permissions=DROITS)
    counts = {"runs": 0, "validation_calls": 0, "demandes_with_two_calls": 0}
    for _ in range(runs("CLICK_RUNS", 50)):
        eleve = un_eleve(agence)
        operation = services.demande_creer(eleve=eleve, type_demande="CERFA_02", par=secretaire)
        attendre(lambda op=operation: not Operation.objects.get(pk=op.pk).ouverte)
        demande = Demande.objects.get(eleve=eleve)
        for piece in [p for p in demande.pieces if p["requise"]]:
            op = services.demande_ajouter_fichier(
                demande=demande, code=piece["code"], document=piece_de(eleve), par=secretaire
            )
            attendre(lambda op=op: not Operation.objects.get(pk=op.pk).ouverte)
        demande.refresh_from_db()
        avant = appels_validation(ants_sandbox)
        depart = threading.Barrier(2)

        def cliquer(demande=demande, depart=depart):
            depart.wait()
            try:
                services.demande_valider(demande=demande, par=secretaire)
            except DemandeImpossible:
                pass
            finally:
                connection.close()

        threads = [threading.Thread(target=cliquer) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        attendre(
            lambda d=demande: (
                not Operation.objects.filter(
                    demande=d, action="VALIDER", etat__in=Operation.ETATS_OUVERTS
                ).exists()
            )
        )
        calls = appels_validation(ants_sandbox) - avant
        counts["runs"] += 1
        counts["validation_calls"] += calls
        counts["demandes_with_two_calls"] += calls > 1
    rapport("two secretaries", **counts)
    assert counts["demandes_with_two_calls"] == 0


def appels_validation(sandbox) -> int:
    return sum(
        n for route, n in sandbox.state_snapshot()["requests"].items() if route.endswith("/validation")
    )
