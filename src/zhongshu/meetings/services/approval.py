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

from zhongshu.audit.services import record, snapshot
from zhongshu.notices.services import notify
from zhongshu.org.models import User
from zhongshu.workflow.models import ApprovalRequest

from ..models import Meeting, MeetingStatus
from .common import MEETING_AUDIT_FIELDS, open_minutes_deadline
from .notices import send_notice

REQUEST_TYPE = "meeting_room_booking"


def booking_request_submit(meetings: list[Meeting], *, by: User) -> ApprovalRequest:
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


def _held_meetings(request: ApprovalRequest) -> list[Meeting]:
    if request.target_id is None:
        return []
    first = Meeting.objects.filter(pk=request.target_id).first()
    if first is None:
        return []
    meetings = Meeting.objects.select_for_update().filter(status=MeetingStatus.PENDING_APPROVAL)
    if first.series_id:
        meetings = meetings.filter(series_id=first.series_id)
    else:
        meetings = meetings.filter(pk=first.pk)
    return list(meetings.select_related("room").order_by("start"))


def _move(meetings: list[Meeting], status: MeetingStatus, by: User | None, action: str) -> None:
    for meeting in meetings:
        before = snapshot(meeting, MEETING_AUDIT_FIELDS)
        meeting.status = status
        meeting.save(update_fields=["status"])
        record(
            actor=by,
            action=action,
            obj=meeting,
            before=before,
            after=snapshot(meeting, MEETING_AUDIT_FIELDS),
        )


def booking_approved(request: ApprovalRequest, by: User | None) -> None:
    """Approval callback: the meetings become scheduled and the notice (with .ics) goes out."""
    meetings = _held_meetings(request)
    if not meetings:
        return
    _move(meetings, MeetingStatus.SCHEDULED, by, "meetings.booking_approved")
    for meeting in meetings:
        open_minutes_deadline(meeting)
    send_notice(meetings, method="REQUEST")


def booking_rejected(request: ApprovalRequest, by: User | None) -> None:
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


def booking_withdrawn(request: ApprovalRequest, by: User | None) -> None:
    """Withdrawal callback: the organiser took the request back, so the held slot is freed."""
    meetings = _held_meetings(request)
    if meetings:
        _move(meetings, MeetingStatus.CANCELLED, by, "meetings.booking_withdrawn")
