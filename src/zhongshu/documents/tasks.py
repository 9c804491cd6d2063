"""Periodic jobs of the documents app. Reading/handling reminders and escalations run on the
platform's deadline job (workflow.tasks.process_deadlines)."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from .services import fixity_check


@db_periodic_task(crontab(day="1", hour="3", minute="0"))
def check_archive_fixity():
    """Monthly: re-read every archived file and compare its SHA-256 (DA/T 70)."""
    return fixity_check()
