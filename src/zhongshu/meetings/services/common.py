"""Helpers shared by several service modules of the meetings app."""

from datetime import timedelta

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from zhongshu.workflow.services import deadline_set

from ..models import Meeting

# Deadline kinds of the app (workflow.Deadline.kind): the inbox provider lists them.
MINUTES_DEADLINE = "meetings.minutes"
REVIEW_DEADLINE = "meetings.minutes_review"
ACTION_DEADLINE = "meetings.action"
# The organiser writes the minutes within a day of the meeting's end.
MINUTES_DUE = timedelta(hours=24)
# What the audit trail records of a meeting on every change.
MEETING_AUDIT_FIELDS = ("title", "room", "start", "end", "host", "status", "sequence")


def open_minutes_deadline(meeting: Meeting) -> None:
    """The organiser's minutes deadline (due a day after the end, escalated to the host)."""
    deadline_set(
        target=meeting,
        kind=MINUTES_DEADLINE,
        owner=meeting.organiser,
        due_at=meeting.end + MINUTES_DUE,
        title=str(_("Minutes due: %(title)s") % {"title": meeting.title}),
        url=reverse("meetings:minutes", args=[meeting.pk]),
        remind_before=timedelta(hours=4),
        escalate_to=[meeting.host],
    )
