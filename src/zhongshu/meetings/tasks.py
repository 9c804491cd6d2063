"""Background and periodic jobs of the meetings app (huey)."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from . import services


@db_task(retries=1, retry_delay=30)
def send_invitation_emails(meeting_ids: list[int], method: str):
    """E-mail the invitation (or cancellation) with its .ics to colleagues and guests."""
    return services.invitation_emails_send(meeting_ids=meeting_ids, method=method)


@db_periodic_task(crontab(minute="*"))
def release_no_shows():
    """Every minute: release rooms nobody signed into in time, counting the no-shows."""
    return services.meetings_release_no_shows()


@db_periodic_task(crontab(day_of_week="1", hour="8", minute="0"))
def weekly_action_report():
    """Mondays 08:00: last week's progress report of the action items goes to the leaders."""
    return services.weekly_report_send()
