"""Periodic jobs of the API app (huey)."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from .idempotency import purge_expired


@db_periodic_task(crontab(minute="17"))
def purge_idempotency_keys():
    """Hourly: forget the Idempotency-Key claims older than a day."""
    return purge_expired()
