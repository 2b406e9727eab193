"""Celery tasks: thin. Each loads by id and calls one function that records the outcome itself."""

from celery import shared_task

from . import execution, synchronisation


@shared_task(name="demandes.executer_operation", ignore_result=True)
def executer_operation(operation_id: int) -> None:
    execution.operation_executer(operation_id=operation_id)


@shared_task(name="demandes.relancer_operations", ignore_result=True)
def relancer_operations() -> None:
    execution.operations_relancer_dues()


@shared_task(name="demandes.synchroniser", ignore_result=True)
def synchroniser(synchronisation_id: int) -> None:
    synchronisation.synchronisation_executer(synchronisation_id=synchronisation_id)


@shared_task(name="demandes.synchronisations_nocturnes", ignore_result=True)
def synchronisations_nocturnes() -> None:
    synchronisation.synchronisations_nocturnes_demander()
