"""A worker's database connection between tasks: kept, as the web keeps it between requests,
and closed by the same rules (CONN_MAX_AGE, a broken connection)."""

import time

import pytest
from celery.fixups.django import DjangoWorkerFixup
from celery.signals import task_postrun, task_prerun
from django.db import connection, transaction

from agences.models import Agence
from autoecole.celery import app
from demandes.tasks import replier_comptes
from tests.factories import AgenceFactory

pytestmark = pytest.mark.django_db(transaction=True)


def une_tache_dans_le_worker(task=replier_comptes) -> None:
    """What a worker does around a task: Celery's own hooks for Django, then ours."""
    fixup = DjangoWorkerFixup(app)
    fixup.on_task_prerun(sender=task)
    task_prerun.send(sender=task, task=task, task_id="t", args=(), kwargs={})
    task_postrun.send(sender=task, task=task, task_id="t", args=(), kwargs={})
    fixup.on_task_postrun(sender=task)


def test_a_task_leaves_the_workers_connection_open_for_the_next():
    connection.ensure_connection()
    avant = connection.connection

    une_tache_dans_le_worker()

    assert connection.connection is avant


def test_a_connection_past_its_age_is_closed_around_a_task():
    connection.ensure_connection()
    connection.close_at = time.monotonic() - 1

    une_tache_dans_le_worker()

    assert connection.connection is None


def test_a_task_run_eagerly_leaves_its_callers_transaction_alone():
    with transaction.atomic():
        agence = AgenceFactory()
        connection.close_at = time.monotonic() - 1
        replier_comptes.apply()  # run eagerly (embedded mode), inside this transaction
        assert Agence.objects.filter(pk=agence.pk).exists()
