"""Minutes (会议纪要): draft → review by the host (approve / return) → publish to attendees."""

from datetime import timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhongshu.audit.services import record
from zhongshu.core.errors import Conflict, ensure
from zhongshu.notices.services import notify
from zhongshu.org.models import User
from zhongshu.workflow.services import deadline_done, deadline_set

from ..models import (
    EDITABLE_MINUTES,
    MINUTES_FLOW,
    Meeting,
    MeetingStatus,
    Minutes,
    MinutesEvent,
    MinutesStatus,
)
from .common import MINUTES_DEADLINE, REVIEW_DEADLINE
from .notices import expected_user_ids

REVIEW_HOURS = 24


def _move(minutes: Minutes, target: MinutesStatus, *, by: User, comment: str = "") -> None:
    if target not in MINUTES_FLOW.get(minutes.status, ()):
        raise Conflict(
            _("This action is not possible in the current state."), code="invalid_transition"
        )
    source = minutes.status
    minutes.status = target
    minutes.save()
    MinutesEvent.objects.create(
        minutes=minutes, actor=by, from_status=source, to_status=target, comment=comment
    )
    record(
        actor=by,
        action=f"meetings.minutes_{target}",
        obj=minutes.meeting,
        before={"status": source},
        after={"status": target},
        note=comment,
    )


def _locked(meeting: Meeting) -> Minutes:
    minutes, _created = Minutes.objects.get_or_create(meeting=meeting)
    return Minutes.objects.select_for_update().select_related("meeting").get(pk=minutes.pk)


@transaction.atomic
def minutes_save(*, meeting: Meeting, by: User, body: str, decisions: str = "") -> Minutes:
    """Write or revise the draft (only while draft or returned)."""
    ensure(by, "meetings.write_minutes", meeting)
    if meeting.status == MeetingStatus.CANCELLED:
        raise Conflict(_("This meeting was cancelled."), code="meeting_closed")
    minutes = _locked(meeting)
    if minutes.status not in EDITABLE_MINUTES:
        raise Conflict(_("These minutes are no longer a draft."), code="invalid_transition")
    before = {"body": minutes.body, "decisions": minutes.decisions}
    minutes.body = body
    minutes.decisions = decisions
    minutes.save()
    record(
        actor=by,
        action="meetings.minutes_saved",
        obj=meeting,
        before=before,
        after={"body": body, "decisions": decisions},
    )
    return minutes


@transaction.atomic
def minutes_submit(*, meeting: Meeting, by: User) -> Minutes:
    ensure(by, "meetings.write_minutes", meeting)
    minutes = _locked(meeting)
    if not minutes.body.strip():
        raise Conflict(_("Write the minutes before submitting them."), code="empty_minutes")
    _move(minutes, MinutesStatus.SUBMITTED, by=by)
    deadline_done(target=meeting, kind=MINUTES_DEADLINE)
    url = reverse("meetings:minutes", args=[meeting.pk])
    deadline_set(
        target=meeting,
        kind=REVIEW_DEADLINE,
        owner=meeting.host,
        due_at=timezone.now() + timedelta(hours=REVIEW_HOURS),
        title=str(_("Review the minutes: %(title)s") % {"title": meeting.title}),
        url=url,
    )
    notify(
        recipients=[meeting.host],
        title=str(_("Minutes to review: %(title)s") % {"title": meeting.title}),
        url=url,
        kind="meetings.minutes_review",
    )
    return minutes


@transaction.atomic
def minutes_review(*, meeting: Meeting, by: User, decision: str, comment: str = "") -> Minutes:
    """The host approves, or returns with a comment (the clerk's deadline opens again)."""
    ensure(by, "meetings.review_minutes", meeting)
    minutes = _locked(meeting)
    target = MinutesStatus.APPROVED if decision == "approve" else MinutesStatus.RETURNED
    if target == MinutesStatus.RETURNED and not comment.strip():
        raise Conflict(_("Say what needs changing."), code="comment_required")
    _move(minutes, target, by=by, comment=comment)
    deadline_done(target=meeting, kind=REVIEW_DEADLINE)
    url = reverse("meetings:minutes", args=[meeting.pk])
    if target == MinutesStatus.RETURNED:
        deadline_set(
            target=meeting,
            kind=MINUTES_DEADLINE,
            owner=meeting.organiser,
            due_at=timezone.now() + timedelta(hours=REVIEW_HOURS),
            title=str(_("Minutes due: %(title)s") % {"title": meeting.title}),
            url=url,
            escalate_to=[meeting.host],
        )
        title = _("Minutes returned: %(title)s")
    else:
        title = _("Minutes approved: %(title)s")
    notify(
        recipients=[meeting.organiser],
        title=str(title % {"title": meeting.title}),
        body=comment,
        url=url,
        kind="meetings.minutes_reviewed",
    )
    return minutes


@transaction.atomic
def minutes_publish(*, meeting: Meeting, by: User) -> Minutes:
    """Publish approved minutes to everyone expected at the meeting."""
    ensure(by, "meetings.write_minutes", meeting)
    minutes = _locked(meeting)
    if minutes.status != MinutesStatus.APPROVED:
        raise Conflict(
            _("Minutes are published only after the host has approved them."),
            code="not_reviewed",
        )
    minutes.published_at = timezone.now()
    _move(minutes, MinutesStatus.PUBLISHED, by=by)
    notify(
        recipients=sorted(expected_user_ids(meeting)),
        title=str(_("Minutes published: %(title)s") % {"title": meeting.title}),
        url=reverse("meetings:minutes", args=[meeting.pk]),
        kind="meetings.minutes_published",
    )
    return minutes
