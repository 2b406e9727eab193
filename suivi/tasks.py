"""Celery tasks: thin; the reminders' service claims each one, so a redelivered task sends nothing twice."""

from celery import shared_task

from . import rappels


@shared_task(name="suivi.envoyer_rappels", ignore_result=True)
def envoyer_rappels() -> None:
    rappels.rappels_envoyer()
