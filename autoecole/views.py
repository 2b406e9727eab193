"""Project-level views: home page and health check."""

import logging

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from kombu import Connection

from agences.access import agences_for_user

logger = logging.getLogger(__name__)

HEALTH_TIMEOUT_SECONDS = 3


@login_required
def home(request):
    return render(request, "home.html", {"agences": agences_for_user(request.user)})


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as exc:  # noqa: BLE001 - any failure means "unreachable"
        logger.warning("healthz: database unreachable (%s)", type(exc).__name__)
        return False
    return True


def _broker_status() -> str:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "in-process"
    try:
        with Connection(settings.CELERY_BROKER_URL, connect_timeout=HEALTH_TIMEOUT_SECONDS) as broker:
            broker.ensure_connection(max_retries=0, timeout=HEALTH_TIMEOUT_SECONDS)
    except Exception as exc:  # noqa: BLE001 - any failure means "unreachable"
        logger.warning("healthz: broker unreachable (%s)", type(exc).__name__)
        return "error"
    return "ok"


@require_GET
@never_cache
def healthz(request):
    """Reachability of the database and the broker, for load balancers and docker compose."""
    database = "ok" if _database_ok() else "error"
    broker = _broker_status()
    healthy = database == "ok" and broker != "error"
    return JsonResponse(
        {"status": "ok" if healthy else "error", "database": database, "broker": broker},
        status=200 if healthy else 503,
    )
