"""The product's Celery app as a benchmark's worker runs it: each sync task's SQL queries and the
process's peak memory are left in the cache for the benchmark (`celery -A bench.sync_worker worker`)."""

from celery.signals import task_postrun, task_prerun, worker_ready
from django.core.cache import cache
from django.db import connection

from autoecole.celery import app  # noqa: F401 - the app `celery -A bench.sync_worker` finds
from bench.memoire import pic_rss_mb

_requetes = [0]


def _compter(execute, sql, params, many, context):
    _requetes[0] += 1
    return execute(sql, params, many, context)


@worker_ready.connect
def _pret(**_kwargs) -> None:
    """Connected before the first task, as a worker that has been up all day is (not timed)."""
    connection.ensure_connection()
    cache.get("bench:pret")


@task_prerun.connect
def _debut(**_kwargs) -> None:
    _requetes[0] = 0
    if _compter not in connection.execute_wrappers:
        connection.execute_wrappers.append(_compter)


@task_postrun.connect
def _fin(task=None, args=None, **_kwargs) -> None:
    if task.name == "demandes.synchroniser":
        cache.set(f"bench:sync:{args[0]}", {"sql": _requetes[0], "rss_mb": pic_rss_mb()}, timeout=3600)
