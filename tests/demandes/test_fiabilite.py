"""The Celery path for real: a worker process on Redis, two secretaries at once, a worker killed.

These tests commit (the worker is another process and reads only what is committed).
"""

import threading

import pytest
from django.db import connection
from django.utils import timezone

from demandes import services
from demandes.execution import operations_relancer_dues
from demandes.models import Demande, Operation
from demandes.services import DemandeImpossible
from tests.worker import attendre

Etat = Operation.Etat
pytestmark = pytest.mark.django_db(transaction=True)


def fin(operation: Operation) -> Operation:
    """The operation once the worker has finished with it."""
    return attendre(
        lambda: Operation.objects.filter(pk=operation.pk, etat__in=[Etat.FAITE, Etat.REFUSEE]).first(),
        message=f"operation {operation.pk} finished",
    )


def demandes_sur_ants(sandbox, eleve) -> list[dict]:
    return [d for d in sandbox.state_snapshot()["demandes"] if d["email"] == eleve.email]


def test_a_worker_creates_the_draft(worker, eleve, secretaire, ants_sandbox):
    operation = fin(services.demande_creer(eleve=eleve, type_demande="CERFA_02", par=secretaire))
    assert operation.etat == Etat.FAITE, operation.message
    assert len(demandes_sur_ants(ants_sandbox, eleve)) == 1


def test_two_secretaries_validating_at_once_make_one_ants_call(
    worker, eleve, secretaire, ants_sandbox, document
):
    fin(services.demande_creer(eleve=eleve, type_demande="CERFA_02", par=secretaire))
    demande = Demande.objects.get(eleve=eleve)
    for piece in [p for p in demande.pieces if p["requise"]]:
        fin(
            services.demande_ajouter_fichier(
                demande=demande, code=piece["code"], document=document(), par=secretaire
            )
        )
    demande.refresh_from_db()
    depart, refus = threading.Barrier(2), []

    def cliquer():
        depart.wait()
        try:
            services.demande_valider(demande=demande, par=secretaire)
        except DemandeImpossible as error:
            refus.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=cliquer) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    fin(Operation.objects.get(demande=demande, action="VALIDER"))
    assert len(refus) == 1
    assert appels(ants_sandbox, "POST", "/validation") == 1


def test_a_worker_killed_while_ants_creates_the_demande_is_resumed_without_a_duplicate(
    worker, eleve, secretaire, ants_sandbox
):
    # ANTS creates the demande, then holds its answer: the worker dies waiting for it.
    ants_sandbox.control("faults/timeout", method="POST", path="/api/v1/demandes", delay_s=30)
    operation = services.demande_creer(eleve=eleve, type_demande="CERFA_02", par=secretaire)
    attendre(lambda: demandes_sur_ants(ants_sandbox, eleve), message="created on ANTS")
    worker.kill()
    worker.start()
    attendre(
        lambda: Operation.objects.get(pk=operation.pk).bail_jusqu_a < timezone.now(), message="lease over"
    )
    operations_relancer_dues()
    operation = fin(operation)
    assert operation.etat == Etat.FAITE, operation.message
    assert len(demandes_sur_ants(ants_sandbox, eleve)) == 1
    assert appels(ants_sandbox, "POST", "/api/v1/demandes") == 1


def appels(sandbox, methode: str, fin_de_route: str) -> int:
    routes = sandbox.state_snapshot()["requests"]
    return sum(n for route, n in routes.items() if route.startswith(methode) and route.endswith(fin_de_route))
