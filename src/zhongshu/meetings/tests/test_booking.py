"""Booking: one-off and recurring, conflicts, bad input, changes, cancellation, the notice."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from icalendar import Calendar

from zhongshu.audit.models import AuditEvent
from zhongshu.core.errors import ServiceError
from zhongshu.meetings.models import Attendee, Meeting, MeetingStatus, RoomStatus
from zhongshu.meetings.services import (
    RoomClash,
    expand_rrule,
    meeting_book,
    meeting_cancel,
    meeting_update,
    rooms_available,
)
from zhongshu.notices.models import Notification
from zhongshu.workflow.models import Deadline

from .conftest import at
from .factories import RoomFactory

pytestmark = pytest.mark.django_db


def _ics(message):
    name, content, mimetype = message.attachments[0]
    assert name == "invite.ics"
    return Calendar.from_ical(content), mimetype


def test_booking_creates_meeting_attendees_agenda_and_notice(
    room, clerk, leader, employee, dept_head, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        booking = meeting_book(
            title="季度经营分析会",
            room=room,
            start=at(hour=14),
            end=at(hour=15, minute=30),
            host=leader,
            attendees=[employee.pk, dept_head.pk],
            guests=[{"name": "王顾问", "email": "wang@partner.example"}],
            agenda=["经营数据", {"title": "下季度计划", "presenter": "陈经理", "minutes": 30}],
            by=clerk,
        )
    meeting = booking.meeting
    assert meeting.status == MeetingStatus.SCHEDULED
    assert (meeting.host, meeting.organiser, meeting.department) == (
        leader,
        clerk,
        clerk.department,
    )
    people = sorted(a.display_name for a in meeting.attendees.all())
    assert people == sorted(["刘员工", "陈经理", "王顾问"])
    assert [a.title for a in meeting.agenda_items.all()] == ["经营数据", "下季度计划"]
    assert AuditEvent.objects.filter(action="meetings.meeting_booked", object_id=str(meeting.pk))
    notified = set(
        Notification.objects.filter(kind="meetings.notice").values_list("recipient", flat=True)
    )
    assert notified == {leader.pk, employee.pk, dept_head.pk}
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [
            "leader@example.com",
            "employee@example.com",
            "dept_head@example.com",
            "wang@partner.example",
        ]
    )
    calendar, mimetype = _ics(mail.outbox[0])
    assert "method=REQUEST" in mimetype
    assert calendar["METHOD"] == "REQUEST"
    event = calendar.walk("VEVENT")[0]
    assert str(event["SUMMARY"]) == "季度经营分析会"
    assert event["UID"] == f"{meeting.uid}@zhongshu"
    assert event.decoded("DTSTART") == meeting.start
    assert len(event["ATTENDEE"]) == 3
    # The minutes deadline is a row: due 24 h after the end, owned by the organiser.
    deadline = Deadline.objects.get(kind="meetings.minutes", object_id=meeting.pk)
    assert (deadline.owner, deadline.due_at) == (clerk, meeting.end + timedelta(hours=24))


def test_clash_answers_with_the_booking_holding_the_room(room, book, employee):
    first = book(room, at(hour=9), at(hour=10))
    with pytest.raises(RoomClash) as raised:
        meeting_book(
            title="抢会议室", room=room, start=at(hour=9, minute=30), end=at(hour=11), by=employee
        )
    assert raised.value.clash == first
    assert raised.value.status == 409
    assert Meeting.objects.count() == 1


def test_back_to_back_meetings_do_not_clash(room, book):
    book(room, at(hour=9), at(hour=10))
    second = book(room, at(hour=10), at(hour=11))
    assert second.pk


@pytest.mark.parametrize(
    ("start", "end", "code"),
    [
        (at(hour=10), at(hour=9), "end_before_start"),
        (at(hour=10), at(hour=10), "end_before_start"),
        (at(days=-1, hour=10), at(days=-1, hour=11), "in_past"),
        (at(hour=8), at(days=2, hour=9), "too_long"),
    ],
)
def test_bad_times_are_refused(room, clerk, start, end, code):
    with pytest.raises(ServiceError) as raised:
        meeting_book(title="会", room=room, start=start, end=end, by=clerk)
    assert raised.value.code == code
    assert not Meeting.objects.exists()


def test_naive_time_is_refused(room, clerk):
    with pytest.raises(ServiceError) as raised:
        meeting_book(
            title="会",
            room=room,
            start=timezone.make_naive(at(hour=9)),
            end=timezone.make_naive(at(hour=10)),
            by=clerk,
        )
    assert raised.value.field == "start"


def test_capacity_and_maintenance_are_refused(clerk, make_user):
    small = RoomFactory(name="小会议室", capacity=2)
    people = [make_user(f"p{n}", "employee").pk for n in range(2)]
    with pytest.raises(ServiceError) as raised:
        meeting_book(
            title="会", room=small, start=at(), end=at(hour=10), attendees=people, by=clerk
        )
    assert raised.value.code == "capacity_exceeded"
    closed = RoomFactory(name="维修中", status=RoomStatus.MAINTENANCE)
    with pytest.raises(ServiceError) as raised:
        meeting_book(title="会", room=closed, start=at(), end=at(hour=10), by=clerk)
    assert (raised.value.code, raised.value.status) == ("room_unavailable", 409)
    assert not Meeting.objects.exists()


def test_unknown_attendee_is_refused(room, clerk):
    with pytest.raises(ServiceError) as raised:
        meeting_book(
            title="会", room=room, start=at(), end=at(hour=10), attendees=[999999], by=clerk
        )
    assert raised.value.code == "unknown_user"


def test_weekly_series_keeps_the_local_time(room, book):
    first = book(room, at(days=1, hour=9), rrule="FREQ=WEEKLY;COUNT=4")
    meetings = list(Meeting.objects.filter(series=first.series).order_by("start"))
    assert len(meetings) == 4
    for index, meeting in enumerate(meetings):
        local = timezone.localtime(meeting.start)
        assert (local.date(), local.hour) == ((at(days=1 + 7 * index)).date(), 9)
    assert first.series.rrule == "FREQ=WEEKLY;COUNT=4"


def test_every_two_weeks_until(room):
    start = at(days=1, hour=9)
    until = (start + timedelta(days=43)).strftime("%Y%m%d")
    slots = expand_rrule(start, start + timedelta(hours=1), f"FREQ=WEEKLY;INTERVAL=2;UNTIL={until}")
    assert [(s - start).days for s, _e in slots] == [0, 14, 28, 42]


@pytest.mark.parametrize(
    ("rule", "code"),
    [
        ("FREQ=WEEKLY", "rrule_never_ends"),
        ("FREQ=WEEKLY;INTERVAL=2", "rrule_never_ends"),
        ("FREQ=HOURLY;COUNT=3", "invalid_rrule"),
        ("nonsense", "invalid_rrule"),
        ("FREQ=WEEKLY;COUNT=abc", "invalid_rrule"),
        ("FREQ=DAILY;COUNT=500", "rrule_too_long"),
    ],
)
def test_bad_rrules_are_refused(room, clerk, rule, code):
    with pytest.raises(ServiceError) as raised:
        meeting_book(title="会", room=room, start=at(), end=at(hour=10), rrule=rule, by=clerk)
    assert raised.value.code == code
    assert not Meeting.objects.exists()


def test_series_with_one_clash_books_nothing(room, book, employee):
    blocker = book(room, at(days=15, hour=9), by=employee, title="占位")
    with pytest.raises(RoomClash) as raised:
        book(room, at(days=1, hour=9), rrule="FREQ=WEEKLY;COUNT=4")
    assert raised.value.clash == blocker
    assert Meeting.objects.count() == 1


def test_attendee_clash_is_warned(room, clerk, employee, book):
    book(RoomFactory(name="另一间"), at(hour=9), at(hour=10), attendees=[employee.pk], title="早会")
    booking = meeting_book(
        title="评审会",
        room=room,
        start=at(hour=9, minute=30),
        end=at(hour=10, minute=30),
        attendees=[employee.pk],
        by=clerk,
    )
    assert len(booking.warnings) == 1
    assert "刘员工" in booking.warnings[0] and "早会" in booking.warnings[0]


def test_cancel_releases_the_slot_and_sends_cancel(
    room, book, clerk, employee, django_capture_on_commit_callbacks
):
    meeting = book(room, attendees=[employee.pk])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        meeting_cancel(meeting=meeting, by=clerk, reason="领导出差")
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.CANCELLED
    assert meeting.sequence == 1
    assert not Deadline.objects.filter(object_id=meeting.pk, done_at__isnull=True).exists()
    calendar, mimetype = _ics(mail.outbox[0])
    assert calendar["METHOD"] == "CANCEL" and "method=CANCEL" in mimetype
    assert calendar.walk("VEVENT")[0]["STATUS"] == "CANCELLED"
    assert book(room, meeting.start, meeting.end).pk  # the slot is free again
    with pytest.raises(ServiceError):
        meeting_cancel(meeting=meeting, by=clerk)


def test_only_organiser_host_or_office_may_cancel(room, book, employee, outsider):
    meeting = book(room, attendees=[employee.pk])
    for user in (employee, outsider):
        with pytest.raises(PermissionDenied):
            meeting_cancel(meeting=meeting, by=user)
    assert Meeting.objects.get().status == MeetingStatus.SCHEDULED


def test_update_moves_the_meeting_and_raises_sequence(
    room, book, clerk, employee, django_capture_on_commit_callbacks
):
    meeting = book(room, attendees=[employee.pk])
    other = book(room, at(hour=14), at(hour=15), title="下午会")
    with pytest.raises(RoomClash):
        meeting_update(meeting=meeting, start=at(hour=14), end=at(hour=15), by=clerk)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        meeting_update(meeting=meeting, start=at(hour=16), end=at(hour=17), by=clerk)
    meeting.refresh_from_db()
    assert (meeting.sequence, timezone.localtime(meeting.start).hour) == (1, 16)
    event = _ics(mail.outbox[0])[0].walk("VEVENT")[0]
    assert event["SEQUENCE"] == 1
    assert other.sequence == 0
    deadline = Deadline.objects.get(kind="meetings.minutes", object_id=meeting.pk)
    assert deadline.due_at == meeting.end + timedelta(hours=24)


def test_available_rooms_filter_capacity_equipment_and_busy(room, hall, book):
    book(room, at(hour=9), at(hour=10))
    free = list(rooms_available(start=at(hour=9, minute=30), end=at(hour=10, minute=30)))
    assert free == [hall]
    assert list(rooms_available(start=at(hour=10), end=at(hour=11))) == [room, hall]
    assert list(rooms_available(start=at(hour=10), end=at(hour=11), capacity=50)) == [hall]
    assert list(rooms_available(start=at(hour=10), end=at(hour=11), equipment="video")) == [hall]
    assert list(rooms_available(start=at(hour=10), end=at(hour=11), equipment=["whiteboard"])) == [
        room
    ]
    with pytest.raises(ServiceError):
        list(rooms_available(start=at(hour=10), end=at(hour=11), equipment="laser"))


def test_visibility(room, book, employee, outsider, auditor):
    meeting = book(room, attendees=[employee.pk])
    assert list(Meeting.objects.visible_to(employee)) == [meeting]
    assert list(Meeting.objects.visible_to(auditor)) == [meeting]
    assert not Meeting.objects.visible_to(outsider).exists()
    assert Attendee.objects.filter(meeting=meeting, user=employee).exists()
