"""Rooms that need approval (e.g. the large hall): bookings wait for the approval mechanism.

`meeting_book` creates the meetings `pending_approval` (they hold the slot, so the
no-double-booking guarantee covers them) and submits one `meeting_room_booking` request whose
target is the first meeting. The callbacks below run inside the deciding transaction: approval
schedules the meetings and only then sends the notice with the .ics; rejection (or return)
cancels them, which frees the slot, and tells the organiser.
"""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, override
from django.utils.translation import gettext_lazy as _

from zhongshu.audit.services import record, snapshot
from zhongshu.notices.services import notify

from ..models import Meeting, MeetingStatus
from .notices import send_notice

REQUEST_TYPE = "meeting_room_booking"
AUDIT_FIELDS = ("title", "room", "start", "end", "host", "status", "sequence")


def booking_request_submit(meetings: list[Meeting], *, by):
    """Open the approval request for a held booking (one request for the whole series)."""
    from zhongshu.workflow.services import approval_submit

    first = meetings[0]
    start = timezone.localtime(first.start)
    end = timezone.localtime(first.end)
    reason = gettext("%(when)s, room %(room)s") % {
        "when": f"{start:%Y-%m-%d %H:%M}–{end:%H:%M}",
        "room": first.room,
    }
    if len(meetings) > 1:
        reason += " " + gettext("(%(count)d occurrences)") % {"count": len(meetings)}
    return approval_submit(
        request_type=REQUEST_TYPE,
        title=gettext("Room booking: %(room)s — %(title)s")
        % {"room": first.room, "title": first.title},
        reason=reason,
        department=by.department,
        target=first,
        by=by,
    )


def _held_meetings(request) -> list[Meeting]:
    first = Meeting.objects.filter(pk=request.target_id).first()
    if first is None:
        return []
    meetings = Meeting.objects.select_for_update().filter(status=MeetingStatus.PENDING_APPROVAL)
    if first.series_id:
        meetings = meetings.filter(series_id=first.series_id)
    else:
        meetings = meetings.filter(pk=first.pk)
    return list(meetings.select_related("room").order_by("start"))


def _move(meetings, status, by, action) -> None:
    for meeting in meetings:
        before = snapshot(meeting, AUDIT_FIELDS)
        meeting.status = status
        meeting.save(update_fields=["status"])
        record(
            actor=by,
            action=action,
            obj=meeting,
            before=before,
            after=snapshot(meeting, AUDIT_FIELDS),
        )


def booking_approved(request, by) -> None:
    """Approval callback: the meetings become scheduled and the notice (with .ics) goes out."""
    from .booking import _open_minutes_deadline

    meetings = _held_meetings(request)
    if not meetings:
        return
    _move(meetings, MeetingStatus.SCHEDULED, by, "meetings.booking_approved")
    for meeting in meetings:
        _open_minutes_deadline(meeting)
    send_notice(meetings, method="REQUEST")


def booking_rejected(request, by) -> None:
    """Rejection/return callback: the meetings are cancelled (slot free), the organiser told."""
    meetings = _held_meetings(request)
    if not meetings:
        return
    _move(meetings, MeetingStatus.CANCELLED, by, "meetings.booking_rejected")
    first = meetings[0]
    with override(settings.LANGUAGE_CODE):
        title = gettext("Room booking not approved: %(title)s") % {"title": first.title}
        body = gettext("The room %(room)s is free again.") % {"room": first.room}
    notify(
        recipients=[first.organiser_id],
        title=title,
        body=body,
        url=reverse("meetings:detail", args=[first.pk]),
        kind="meetings.booking",
    )


def booking_withdrawn(request, by) -> None:
    """Withdrawal callback: the organiser took the request back, so the held slot is freed."""
    meetings = _held_meetings(request)
    if meetings:
        _move(meetings, MeetingStatus.CANCELLED, by, "meetings.booking_withdrawn")


def register() -> None:
    from zhongshu.workflow.registry import register_request_type

    register_request_type(
        REQUEST_TYPE,
        _("Meeting room booking"),
        on_approved=booking_approved,
        on_rejected=booking_rejected,
        on_returned=booking_rejected,
        on_withdrawn=booking_withdrawn,
    )
