"""Periodic jobs of the workflow app."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from .services import deadlines_process


@db_periodic_task(crontab(minute="*"))
def process_deadlines():
    """Every minute: remind, then escalate, the deadlines whose time has come."""
    return deadlines_process()
