"""Celery tasks: thin. Each loads by id and calls one function that records the outcome itself."""

import logging

from celery import shared_task
from django.utils import timezone

from . import compteurs, conservation, execution, synchronisation

logger = logging.getLogger(__name__)


@shared_task(name="demandes.executer_operation", ignore_result=True)
def executer_operation(operation_id: int) -> None:
    execution.operation_executer(operation_id=operation_id)


@shared_task(name="demandes.relancer_operations", ignore_result=True)
def relancer_operations() -> None:
    execution.operations_relancer_dues()


@shared_task(name="demandes.synchroniser", ignore_result=True)
def synchroniser(synchronisation_id: int) -> None:
    synchronisation.synchronisation_executer(synchronisation_id=synchronisation_id, enchainer=True)


@shared_task(name="demandes.reprendre_synchronisations", ignore_result=True)
def reprendre_synchronisations() -> None:
    synchronisation.synchronisations_reprendre()


@shared_task(name="demandes.synchronisations_nocturnes", ignore_result=True)
def synchronisations_nocturnes() -> None:
    synchronisation.synchronisations_nocturnes_demander()


@shared_task(name="demandes.replier_comptes", ignore_result=True)
def replier_comptes() -> None:
    compteurs.comptes_replier()


@shared_task(name="demandes.purger_documents", ignore_result=True)
def purger_documents() -> None:
    purge = conservation.documents_purger(maintenant=timezone.now())
    # Counts only: who the documents were of stays out of the logs (manage.py purger_documents says it).
    logger.info("Documents purged: %s; download records purged: %s", len(purge.documents), purge.acces)
