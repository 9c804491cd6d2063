"""Booking rooms for meetings: one-off and recurring, never double-booked.

The guarantee: every check-and-insert runs in one transaction that first locks the room row.
SQLite opens every transaction with BEGIN IMMEDIATE (settings), so writers queue on the
database lock; PostgreSQL queues on the room's row lock, and the exclusion constraint
`meeting_no_overlap` (migration 0002) refuses an overlap even from a writer that skipped it.
"""

import functools
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, ParamSpec, TypeVar

from dateutil.rrule import rrulestr
from django.db import IntegrityError, connection, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhongshu.audit.services import record, snapshot
from zhongshu.core.errors import Conflict, ServiceError, check_transition, ensure
from zhongshu.core.web import EARLIEST_DATE, LATEST_DATE
from zhongshu.org.models import User
from zhongshu.workflow.services import deadline_done

from ..models import (
    MAX_DURATION,
    MEETING_FLOW,
    AgendaItem,
    Attendee,
    Meeting,
    MeetingSeries,
    MeetingStatus,
    Response,
    Room,
    RoomStatus,
)
from .approval import booking_request_submit
from .common import MEETING_AUDIT_FIELDS, open_minutes_deadline
from .notices import expected_user_ids, send_notice

MAX_OCCURRENCES = 100
MAX_HORIZON = timedelta(days=366)
RRULE_FREQS = {"DAILY", "WEEKLY", "MONTHLY"}

Slot = tuple[datetime, datetime]
P = ParamSpec("P")
R = TypeVar("R")

_SQLITE_WRITERS = threading.Lock()


@contextmanager
def _writers_queue() -> Iterator[None]:
    """On SQLite, this process's booking threads queue on a lock that hands over at once.

    SQLite itself serialises the writers (BEGIN IMMEDIATE), but its busy handler polls with
    sleeps of up to 100 ms, so a crowd of threads waiting for the database lock wastes most of
    the time and the unluckiest pass the busy timeout. Correctness does not depend on this
    lock (other processes still queue on the database lock); inside an open transaction it is
    skipped, since that transaction may already hold the database lock.
    """
    if connection.vendor == "sqlite" and not connection.in_atomic_block:
        with _SQLITE_WRITERS:
            yield
    else:
        yield


def queued_writer(function: Callable[P, R]) -> Callable[P, R]:
    @functools.wraps(function)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with _writers_queue():
            return function(*args, **kwargs)

    return wrapper


class RoomClash(Conflict):
    """The room is taken: carries the meeting already holding it (answered with the 409)."""

    def __init__(self, clash: Meeting) -> None:
        start = timezone.localtime(clash.start)
        end = timezone.localtime(clash.end)
        super().__init__(
            _("The room is already booked from %(start)s to %(end)s.")
            % {"start": f"{start:%Y-%m-%d %H:%M}", "end": f"{end:%H:%M}"},
            code="room_booked",
        )
        self.clash = clash


@dataclass
class Booking:
    """What `meeting_book` made: the meetings (one per occurrence) and attendee clash warnings."""

    meetings: list[Meeting]
    warnings: list[str] = field(default_factory=list)

    @property
    def meeting(self) -> Meeting:
        return self.meetings[0]


def require_aware(value: datetime, name: str) -> datetime:
    if not isinstance(value, datetime):
        raise ServiceError(_("A date and time is required."), code="invalid", field=name)
    if timezone.is_naive(value):
        raise ServiceError(
            _("Times need a UTC offset, e.g. 2026-05-06T09:00:00+08:00."),
            code="invalid",
            field=name,
        )
    if not EARLIEST_DATE <= value.date() <= LATEST_DATE:
        raise ServiceError(
            _("Choose a time between the years %(first)d and %(last)d.")
            % {"first": EARLIEST_DATE.year, "last": LATEST_DATE.year},
            code="invalid",
            field=name,
        )
    return value


def validate_slot(start: datetime, end: datetime, *, now: datetime | None = None) -> None:
    require_aware(start, "start")
    require_aware(end, "end")
    if end <= start:
        raise ServiceError(
            _("The meeting must end after it starts."), code="end_before_start", field="end"
        )
    if end - start > MAX_DURATION:
        raise ServiceError(_("A booking cannot last more than 24 hours."), code="too_long")
    if start < (now or timezone.now()):
        raise ServiceError(_("A booking cannot start in the past."), code="in_past", field="start")


def expand_rrule(start: datetime, end: datetime, rule: str) -> list[Slot]:
    """The occurrences of an RRULE (DAILY/WEEKLY/MONTHLY, INTERVAL, COUNT or UNTIL).

    Expanded in local wall-clock time, so a weekly 09:00 stays 09:00. A rule without COUNT or
    UNTIL never ends and is refused, as is one past MAX_OCCURRENCES or a year ahead.
    """
    text = rule.strip().removeprefix("RRULE:")
    try:
        parts = dict(part.split("=", 1) for part in text.upper().split(";") if part)
    except ValueError:
        parts = {}
    if parts.get("FREQ") not in RRULE_FREQS:
        raise ServiceError(
            _("The recurrence rule must repeat daily, weekly or monthly."),
            code="invalid_rrule",
            field="rrule",
        )
    if "COUNT" not in parts and "UNTIL" not in parts:
        raise ServiceError(
            _("The recurrence rule never ends: give COUNT or UNTIL."),
            code="rrule_never_ends",
            field="rrule",
        )
    local_start = timezone.localtime(start)
    try:
        occurrences = rrulestr(
            text, dtstart=local_start.replace(tzinfo=None), ignoretz=True, cache=False
        )
        starts = []
        for index, occurrence in enumerate(occurrences):
            if index >= MAX_OCCURRENCES:
                raise ServiceError(
                    _("A series can have at most %(n)d meetings.") % {"n": MAX_OCCURRENCES},
                    code="rrule_too_long",
                    field="rrule",
                )
            starts.append(occurrence)
    except (ValueError, TypeError) as error:
        raise ServiceError(
            _("The recurrence rule is not valid."), code="invalid_rrule", field="rrule"
        ) from error
    if not starts:
        raise ServiceError(
            _("The recurrence rule gives no meetings."), code="invalid_rrule", field="rrule"
        )
    zone = local_start.tzinfo
    duration = end - start
    slots = []
    for naive in starts:
        aware = naive.replace(tzinfo=zone)
        slots.append((aware, aware + duration))
    if slots[-1][0] - start > MAX_HORIZON:
        raise ServiceError(
            _("A series cannot reach more than a year ahead."),
            code="rrule_too_long",
            field="rrule",
        )
    return slots


def find_clash(
    room_id: int, start: datetime, end: datetime, *, exclude: Iterable[int] = ()
) -> Meeting | None:
    return (
        Meeting.objects.holding_room()
        .overlapping(start, end)
        .filter(room_id=room_id)
        .exclude(pk__in=list(exclude))
        .order_by("start")
        .first()
    )


def _lock_room(room: Room) -> Room:
    room = Room.objects.select_for_update().get(pk=room.pk)
    if room.status != RoomStatus.AVAILABLE:
        raise Conflict(_("The room is under maintenance."), code="room_unavailable", field="room")
    return room


def _check_free(room: Room, slots: Iterable[Slot], *, exclude: Iterable[int] = ()) -> None:
    for start, end in slots:
        clash = find_clash(room.pk, start, end, exclude=exclude)
        if clash is not None:
            raise RoomClash(clash)


def _insert(rows: list[Meeting], room: Room) -> list[Meeting]:
    """Insert under a savepoint: PostgreSQL's exclusion constraint turns into a RoomClash."""
    try:
        with transaction.atomic():
            return Meeting.objects.bulk_create(rows)
    except IntegrityError:
        for row in rows:
            clash = find_clash(room.pk, row.start, row.end)
            if clash is not None:
                raise RoomClash(clash) from None
        raise


def _resolve_users(ids: Iterable[int | str]) -> list[User]:
    ids = list(dict.fromkeys(int(pk) for pk in ids))
    users = list(User.objects.active().filter(pk__in=ids))
    if len(users) != len(ids):
        raise ServiceError(
            _("Some attendees are unknown or inactive."), code="unknown_user", field="attendees"
        )
    return users


def _clean_guests(guests: Iterable[dict[str, Any]]) -> list[dict[str, str]]:
    clean = []
    for guest in guests:
        name = str(guest.get("name", "")).strip()
        email = str(guest.get("email", "")).strip()
        if not name:
            raise ServiceError(_("Every guest needs a name."), code="invalid", field="guests")
        clean.append({"name": name[:100], "email": email[:254]})
    return clean


def attendee_clashes(
    user_ids: Sequence[int], slots: Iterable[Slot], *, exclude: Iterable[int] = ()
) -> list[str]:
    """Warnings for invitees already expected at another meeting at one of these times."""
    warnings = []
    for start, end in slots:
        busy = (
            Meeting.objects.holding_room()
            .overlapping(start, end)
            .exclude(pk__in=list(exclude))
            .select_related("host")
            .prefetch_related("attendees")
        )
        for other in busy.filter(pk__in=_meetings_of(user_ids)):
            names = sorted(
                User.objects.filter(pk__in=set(user_ids) & expected_user_ids(other)).values_list(
                    "name", flat=True
                )
            )
            when = timezone.localtime(other.start)
            warnings.append(
                str(
                    _("%(names)s already have “%(title)s” at %(when)s.")
                    % {
                        "names": "、".join(names),
                        "title": other.title,
                        "when": f"{when:%m-%d %H:%M}",
                    }
                )
            )
    return warnings


def _meetings_of(user_ids: Sequence[int]) -> QuerySet[Meeting, Any]:
    invited = Attendee.objects.filter(
        Q(user_id__in=user_ids) & ~Q(response__in=[Response.DECLINE, Response.DELEGATE])
        | Q(delegate_id__in=user_ids, response=Response.DELEGATE)
    ).values("meeting_id")
    return Meeting.objects.filter(Q(host_id__in=user_ids) | Q(pk__in=invited)).values("pk")


@queued_writer
@transaction.atomic
def meeting_book(
    *,
    title: str,
    room: Room,
    start: datetime,
    end: datetime,
    by: User,
    host: User | None = None,
    attendees: Iterable[int | str] = (),
    guests: Iterable[dict[str, Any]] = (),
    agenda: Iterable[str | dict[str, Any]] = (),
    description: str = "",
    rrule: str = "",
) -> Booking:
    """Book `room` and create the meeting (one per occurrence when `rrule` is given).

    A room that `requires_approval` gets meetings `pending_approval` (holding the slot) and one
    approval request; the notice goes out only once it is approved (services/approval.py).

    `attendees` are user ids, `guests` dicts {name, email}, `agenda` dicts {title, presenter,
    minutes} or titles. Raises RoomClash (409) naming the meeting already holding the room.
    """
    ensure(by, "meetings.book")
    title = (title or "").strip()
    if not title:
        raise ServiceError(_("A meeting needs a topic."), code="invalid", field="title")
    validate_slot(start, end)
    slots = expand_rrule(start, end, rrule) if rrule else [(start, end)]
    host = host or by
    users = _resolve_users(attendees)
    guest_rows = _clean_guests(guests)
    people = {user.pk for user in users} | {host.pk}
    if len(people) + len(guest_rows) > room.capacity:
        raise ServiceError(
            _("%(n)d people do not fit in a room for %(capacity)d.")
            % {"n": len(people) + len(guest_rows), "capacity": room.capacity},
            code="capacity_exceeded",
            field="room",
        )
    room = _lock_room(room)
    _check_free(room, slots)
    series = MeetingSeries.objects.create(rrule=rrule.strip(), created_by=by) if rrule else None
    status = MeetingStatus.PENDING_APPROVAL if room.requires_approval else MeetingStatus.SCHEDULED
    meetings = _insert(
        [
            Meeting(
                title=title[:200],
                room=room,
                start=slot_start,
                end=slot_end,
                host=host,
                organiser=by,
                department_id=by.department_id,
                description=description,
                series=series,
                status=status,
            )
            for slot_start, slot_end in slots
        ],
        room,
    )
    if meetings and meetings[0].pk is None:  # backends without RETURNING on bulk insert
        meetings = list(Meeting.objects.filter(series=series).order_by("start"))
    Attendee.objects.bulk_create(
        [Attendee(meeting=m, user=user) for m in meetings for user in users if user.pk != host.pk]
        + [
            Attendee(meeting=m, guest_name=g["name"], guest_email=g["email"])
            for m in meetings
            for g in guest_rows
        ]
    )
    agenda_rows = [
        {"title": item} if isinstance(item, str) else dict(item) for item in agenda if item
    ]
    AgendaItem.objects.bulk_create(
        [
            AgendaItem(
                meeting=m,
                order=index,
                title=str(item.get("title", ""))[:200],
                presenter=str(item.get("presenter", ""))[:100],
                minutes=item.get("minutes") or None,
            )
            for m in meetings
            for index, item in enumerate(agenda_rows)
            if str(item.get("title", "")).strip()
        ]
    )
    for meeting in meetings:
        if status == MeetingStatus.SCHEDULED:
            open_minutes_deadline(meeting)
        record(
            actor=by,
            action="meetings.meeting_booked",
            obj=meeting,
            after=snapshot(meeting, MEETING_AUDIT_FIELDS),
            note=f"rrule={rrule}" if rrule else "",
        )
    warnings = attendee_clashes(
        [user.pk for user in users] + [host.pk], slots, exclude=[m.pk for m in meetings]
    )
    if status == MeetingStatus.SCHEDULED:
        send_notice(meetings, method="REQUEST")
    else:
        booking_request_submit(meetings, by=by)
    return Booking(meetings=meetings, warnings=warnings)


@queued_writer
@transaction.atomic
def meeting_update(
    *,
    meeting: Meeting,
    by: User,
    title: str | None = None,
    room: Room | None = None,
    start: datetime | None = None,
    end: datetime | None = None,
    description: str | None = None,
) -> Booking:
    """Change topic, room or time; the invitation goes out again with a higher SEQUENCE."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    ensure(by, "meetings.manage_meeting", meeting)
    if meeting.status != MeetingStatus.SCHEDULED:
        raise Conflict(_("Only scheduled meetings can be changed."), code="invalid_transition")
    before = snapshot(meeting, MEETING_AUDIT_FIELDS)
    new_start = start or meeting.start
    new_end = end or meeting.end
    new_room = room or meeting.room
    if (new_start, new_end, new_room.pk) != (meeting.start, meeting.end, meeting.room_id):
        validate_slot(new_start, new_end)
        count = meeting.attendees.count() + (
            0 if meeting.attendees.filter(user=meeting.host).exists() else 1
        )
        if count > new_room.capacity:
            raise ServiceError(
                _("%(n)d people do not fit in a room for %(capacity)d.")
                % {"n": count, "capacity": new_room.capacity},
                code="capacity_exceeded",
                field="room",
            )
        locked = _lock_room(new_room)
        _check_free(locked, [(new_start, new_end)], exclude=[meeting.pk])
    if title is not None:
        if not title.strip():
            raise ServiceError(_("A meeting needs a topic."), code="invalid", field="title")
        meeting.title = title.strip()[:200]
    if description is not None:
        meeting.description = description
    meeting.room, meeting.start, meeting.end = new_room, new_start, new_end
    meeting.sequence += 1
    try:
        with transaction.atomic():
            meeting.save()
    except IntegrityError:
        clash = find_clash(new_room.pk, new_start, new_end, exclude=[meeting.pk])
        if clash is None:
            raise
        raise RoomClash(clash) from None
    open_minutes_deadline(meeting)
    record(
        actor=by,
        action="meetings.meeting_changed",
        obj=meeting,
        before=before,
        after=snapshot(meeting, MEETING_AUDIT_FIELDS),
    )
    user_ids = expected_user_ids(meeting)
    warnings = attendee_clashes(list(user_ids), [(new_start, new_end)], exclude=[meeting.pk])
    send_notice([meeting], method="REQUEST")
    return Booking(meetings=[meeting], warnings=warnings)


@transaction.atomic
def meeting_cancel(*, meeting: Meeting, by: User, reason: str = "") -> Meeting:
    """Cancel: the slot is free at once; attendees get a METHOD:CANCEL."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    ensure(by, "meetings.manage_meeting", meeting)
    check_transition(MEETING_FLOW, meeting.status, MeetingStatus.CANCELLED)
    before = snapshot(meeting, MEETING_AUDIT_FIELDS)
    was_invited = meeting.status == MeetingStatus.SCHEDULED
    meeting.status = MeetingStatus.CANCELLED
    meeting.sequence += 1
    meeting.save(update_fields=["status", "sequence"])
    deadline_done(target=meeting)
    record(
        actor=by,
        action="meetings.meeting_cancelled",
        obj=meeting,
        before=before,
        after=snapshot(meeting, MEETING_AUDIT_FIELDS),
        note=reason,
    )
    if was_invited:
        send_notice([meeting], method="CANCEL")
    return meeting
