import os

from celery import Celery
from celery.signals import task_postrun, task_prerun
from django.db import close_old_connections

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "autoecole.settings")

app = Celery("autoecole")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@task_prerun.connect
@task_postrun.connect
def _connexions_perimees(task=None, **_kwargs) -> None:
    """Around a task as around a request: a connection past CONN_MAX_AGE, broken, or left outside
    autocommit is closed (CELERY_DB_REUSE_MAX keeps Celery from closing every one). Not for a task
    run eagerly: it is inside its caller's transaction."""
    if task is not None and not task.request.is_eager:
        close_old_connections()
