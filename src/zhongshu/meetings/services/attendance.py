"""Answers to invitations, sign-in (签到), no-show release and the equipment check."""

import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhongshu.audit.services import record
from zhongshu.core.errors import Conflict, ServiceError, check_transition, ensure
from zhongshu.core.roles import Role
from zhongshu.notices.services import notify
from zhongshu.org.models import User
from zhongshu.workflow.services import deadline_done

from ..models import MEETING_FLOW, Attendee, Meeting, MeetingStatus, Response

RESPONSES = (Response.ATTEND, Response.DECLINE, Response.DELEGATE)
CHECKIN_OPENS = timedelta(minutes=30)


def no_show_grace() -> timedelta:
    """How long a booked room waits for the first sign-in (MEETINGS_NO_SHOW_MINUTES, 15)."""
    return timedelta(minutes=getattr(settings, "MEETINGS_NO_SHOW_MINUTES", 15))


@transaction.atomic
def attendee_respond(
    *, meeting: Meeting, by: User, response: str, delegate: User | None = None
) -> Attendee:
    """The invitee answers attend / decline / delegate (to a colleague, who is invited instead)."""
    attendee = (
        Attendee.objects.select_for_update()
        .filter(meeting=meeting, user=by)
        .select_related("meeting")
        .first()
    )
    if attendee is None:
        raise ServiceError(_("You are not invited to this meeting."), code="not_invited")
    if attendee.meeting.status != MeetingStatus.SCHEDULED or attendee.meeting.is_past:
        raise Conflict(_("This meeting can no longer be answered."), code="meeting_closed")
    if response not in RESPONSES:
        raise ServiceError(_("Unknown answer."), code="invalid", field="response")
    before = {"response": attendee.response, "delegate": attendee.delegate_id}
    if response == Response.DELEGATE:
        if delegate is None or not delegate.is_active or delegate.pk == by.pk:
            raise ServiceError(
                _("Choose an active colleague to go in your place."),
                code="invalid",
                field="delegate",
            )
        if Attendee.objects.filter(meeting=meeting, user=delegate).exists():
            raise ServiceError(
                _("This colleague is already invited."), code="invalid", field="delegate"
            )
        attendee.delegate = delegate
    else:
        attendee.delegate = None
    attendee.response = response
    attendee.responded_at = timezone.now()
    attendee.save(update_fields=["response", "delegate", "responded_at"])
    record(
        actor=by,
        action="meetings.invitation_answered",
        obj=attendee.meeting,
        before=before,
        after={"response": response, "delegate": attendee.delegate_id},
    )
    if response == Response.DELEGATE:
        notify(
            recipients=[delegate],
            title=str(
                _("%(name)s asks you to attend “%(title)s” in their place")
                % {"name": by.display_name, "title": meeting.title}
            ),
            url=reverse("meetings:detail", args=[meeting.pk]),
            kind="meetings.delegated",
        )
    return attendee


def _checkin_window(meeting: Meeting, now: datetime) -> None:
    if meeting.status != MeetingStatus.SCHEDULED:
        raise Conflict(_("This meeting is not taking place."), code="meeting_closed")
    if now < meeting.start - CHECKIN_OPENS:
        raise Conflict(_("Sign-in opens 30 minutes before the start."), code="too_early")
    if now > meeting.end:
        raise Conflict(_("The meeting is over."), code="meeting_closed")


def _mark(attendee: Attendee, by: User, now: datetime) -> Attendee:
    if attendee.checked_in_at is None:
        attendee.checked_in_at = now
        attendee.checked_in_by = by
        attendee.save(update_fields=["checked_in_at", "checked_in_by"])
        record(
            actor=by,
            action="meetings.signed_in",
            obj=attendee.meeting,
            after={"attendee": attendee.pk, "at": now, "late": attendee.is_late},
        )
    return attendee


@transaction.atomic
def attendee_check_in(
    *,
    meeting: Meeting,
    by: User,
    token: str = "",
    user: User | None = None,
    guest: int | None = None,
) -> Attendee:
    """Sign in: yourself with the meeting's QR key, or (organiser/clerk) a colleague or guest.

    Signing in for yourself needs the key from the QR code shown in the room, so a link cannot
    be used from elsewhere; a delegate signs in on the invitation they were delegated.
    """
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    now = timezone.now()
    if user is None and guest is None:
        if not token or not secrets.compare_digest(token, meeting.checkin_token):
            raise ServiceError(
                _("Scan the QR code shown in the meeting room to sign in."), code="bad_token"
            )
        _checkin_window(meeting, now)
        attendee = (
            Attendee.objects.filter(meeting=meeting, user=by)
            .exclude(response=Response.DELEGATE)
            .first()
            or Attendee.objects.filter(
                meeting=meeting, delegate=by, response=Response.DELEGATE
            ).first()
        )
        if attendee is None:
            if meeting.host_id != by.pk:
                raise ServiceError(
                    _("You are not an attendee of this meeting."), code="not_invited"
                )
            attendee = Attendee.objects.create(meeting=meeting, user=by, response=Response.ATTEND)
        attendee.meeting = meeting
        return _mark(attendee, by, now)
    ensure(by, "meetings.sign_in_others", meeting)
    _checkin_window(meeting, now)
    attendee = None
    if guest is not None:
        attendee = Attendee.objects.filter(meeting=meeting, pk=guest, user__isnull=True).first()
    elif user is not None:
        attendee = Attendee.objects.filter(meeting=meeting, user=user).first() or (
            Attendee.objects.filter(
                meeting=meeting, delegate=user, response=Response.DELEGATE
            ).first()
        )
        if attendee is None and user.pk == meeting.host_id:
            attendee = Attendee.objects.create(meeting=meeting, user=user, response=Response.ATTEND)
    if attendee is None:
        raise ServiceError(_("This person is not an attendee of this meeting."), code="not_invited")
    attendee.meeting = meeting
    return _mark(attendee, by, now)


def meetings_release_no_shows(now: datetime | None = None) -> int:
    """Release the rooms of meetings nobody signed into within the grace time; count no-shows.

    Idempotent: a released meeting is no longer `scheduled`, so a second run finds nothing.
    """
    now = now or timezone.now()
    signed_in = Attendee.objects.filter(meeting=OuterRef("pk"), checked_in_at__isnull=False)
    due = (
        Meeting.objects.filter(status=MeetingStatus.SCHEDULED, start__lte=now - no_show_grace())
        .filter(end__gt=now - timedelta(days=1))
        .exclude(Exists(signed_in))
        .values_list("pk", flat=True)[:500]
    )
    released = 0
    for pk in list(due):
        with transaction.atomic():
            meeting = Meeting.objects.select_for_update().select_related("organiser").get(pk=pk)
            if (
                meeting.status != MeetingStatus.SCHEDULED
                or meeting.attendees.filter(checked_in_at__isnull=False).exists()
            ):
                continue
            check_transition(MEETING_FLOW, meeting.status, MeetingStatus.RELEASED)
            meeting.status = MeetingStatus.RELEASED
            meeting.no_show = True
            meeting.save(update_fields=["status", "no_show"])
            deadline_done(target=meeting)
            record(
                actor=None,
                action="meetings.room_released",
                obj=meeting,
                before={"status": MeetingStatus.SCHEDULED},
                after={"status": MeetingStatus.RELEASED, "no_show": True},
            )
            notify(
                recipients=[meeting.organiser],
                title=str(
                    _("Nobody signed in to “%(title)s”: the room was released")
                    % {"title": meeting.title}
                ),
                url=reverse("meetings:detail", args=[meeting.pk]),
                kind="meetings.no_show",
            )
            released += 1
    return released


@transaction.atomic
def meeting_equipment_checked(*, meeting: Meeting, by: User, notes: str = "") -> Meeting:
    """Logistics confirms the room's equipment checklist before the start (设备检查)."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    ensure(by, "meetings.check_equipment", meeting)
    if meeting.status != MeetingStatus.SCHEDULED:
        raise Conflict(_("This meeting is not taking place."), code="meeting_closed")
    meeting.equipment_checked_at = timezone.now()
    meeting.equipment_checked_by = by
    meeting.equipment_notes = notes
    meeting.save(update_fields=["equipment_checked_at", "equipment_checked_by", "equipment_notes"])
    record(actor=by, action="meetings.equipment_checked", obj=meeting, note=notes)
    return meeting


def equipment_checks_for(user: User, limit: int | None = None) -> QuerySet[Meeting]:
    """Scheduled meetings of the next two days whose equipment is not checked yet."""
    if not user.is_active or not user.has_role(Role.LOGISTICS, Role.SUPERVISOR):
        return Meeting.objects.none()
    now = timezone.now()
    meetings = (
        Meeting.objects.visible_to(user)
        .filter(
            status=MeetingStatus.SCHEDULED,
            equipment_checked_at__isnull=True,
            start__gt=now,
            start__lt=now + timedelta(days=2),
        )
        .select_related("room")
        .order_by("start", "id")
    )
    return meetings[:limit] if limit is not None else meetings
