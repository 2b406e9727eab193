"""Putting an operation in the workers' hands: after commit, with a clamped delay.

Embedded mode (no broker) runs tasks in-process and at once, so a delay cannot be honoured
there: a delayed operation is left for `operations_relancer_dues`, which Celery beat calls every
minute with a broker, and the student page calls while it follows an operation without one.
Either way the outcome lands on the operation row, which is all the pages read.
"""

from django.conf import settings
from django.db import transaction


def delai_borne(secondes: float) -> int:
    return int(min(max(secondes, 0), settings.CELERY_TASK_MAX_COUNTDOWN))


def planifier(operation_id: int, *, dans: float = 0) -> None:
    from .tasks import executer_operation  # the task module imports the services

    dans = delai_borne(dans)
    if dans and settings.CELERY_TASK_ALWAYS_EAGER:
        return
    transaction.on_commit(lambda: executer_operation.apply_async((operation_id,), countdown=dans or None))
