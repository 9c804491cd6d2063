"""Rooms that need approval: the booking holds the slot, the approval mechanism decides."""

from datetime import timedelta

import pytest
from django.core import mail
from icalendar import Calendar

from zhongshu.audit.models import AuditEvent
from zhongshu.meetings.models import Meeting, MeetingStatus
from zhongshu.meetings.services import meeting_book, meeting_cancel
from zhongshu.notices.models import Notification
from zhongshu.workflow.models import ApprovalRequest, Deadline
from zhongshu.workflow.services import approval_decide

from .conftest import at
from .factories import RoomFactory

pytestmark = pytest.mark.django_db
BASE = "/api/v1/meetings/"


@pytest.fixture
def big_hall(db):
    return RoomFactory(name="大礼堂", capacity=300, requires_approval=True)


def _book(room, by, *, attendees=(), **extra):
    return meeting_book(
        title="年度总结大会",
        room=room,
        start=at(hour=14),
        end=at(hour=16),
        attendees=attendees,
        by=by,
        **extra,
    )


def _decide(supervisor, decision, comment=""):
    request = ApprovalRequest.objects.get(request_type="meeting_room_booking")
    task = request.tasks.get(assignee=supervisor)
    approval_decide(task=task, decision=decision, comment=comment, by=supervisor)
    return request


def test_api_booking_is_held_and_blocks_the_slot(
    api_client_for, clerk, employee, supervisor, big_hall
):
    start = at(hour=14)
    response = api_client_for(clerk).post(
        BASE,
        {
            "title": "年度总结大会",
            "room": big_hall.pk,
            "start": start.isoformat(),
            "end": (start + timedelta(hours=2)).isoformat(),
            "attendees": [employee.pk],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["status"] == "pending_approval"
    request = ApprovalRequest.objects.get(request_type="meeting_room_booking")
    assert request.status == "pending"
    assert request.target_id == response.json()["id"]
    assert request.tasks.get().assignee == supervisor
    clash = api_client_for(employee).post(
        BASE,
        {
            "title": "部门会",
            "room": big_hall.pk,
            "start": (start + timedelta(minutes=30)).isoformat(),
            "end": (start + timedelta(hours=1)).isoformat(),
        },
        format="json",
    )
    assert clash.status_code == 409
    assert clash.json()["code"] == "room_booked"
    assert Meeting.objects.count() == 1


def test_no_invitation_before_approval(
    clerk, employee, supervisor, big_hall, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        booking = _book(big_hall, clerk, attendees=[employee.pk])
    assert booking.meeting.status == MeetingStatus.PENDING_APPROVAL
    assert not [m for m in mail.outbox if m.attachments]
    assert not Notification.objects.filter(kind="meetings.notice").exists()
    assert not Deadline.objects.filter(kind="meetings.minutes").exists()


def test_approval_schedules_and_sends_the_ics(
    clerk, employee, supervisor, big_hall, django_capture_on_commit_callbacks
):
    booking = _book(big_hall, clerk, attendees=[employee.pk])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        _decide(supervisor, "approve")
    meeting = Meeting.objects.get(pk=booking.meeting.pk)
    assert meeting.status == MeetingStatus.SCHEDULED
    invites = [m for m in mail.outbox if m.attachments and m.attachments[0][0] == "invite.ics"]
    assert sorted(m.to[0] for m in invites) == ["clerk@example.com", "employee@example.com"]
    assert "method=REQUEST" in invites[0].attachments[0][2]
    assert Notification.objects.filter(kind="meetings.notice", recipient=employee).exists()
    assert Deadline.objects.filter(kind="meetings.minutes", object_id=meeting.pk).exists()
    assert AuditEvent.objects.filter(action="meetings.booking_approved").count() == 1


def test_approval_schedules_every_occurrence(clerk, supervisor, big_hall):
    booking = _book(big_hall, clerk, rrule="FREQ=WEEKLY;COUNT=3")
    assert ApprovalRequest.objects.filter(request_type="meeting_room_booking").count() == 1
    _decide(supervisor, "approve")
    statuses = set(
        Meeting.objects.filter(series=booking.meeting.series).values_list("status", flat=True)
    )
    assert statuses == {MeetingStatus.SCHEDULED}


def test_rejection_releases_the_slot_and_tells_the_organiser(
    clerk, employee, supervisor, big_hall, django_capture_on_commit_callbacks
):
    booking = _book(big_hall, clerk, attendees=[employee.pk])
    with django_capture_on_commit_callbacks(execute=True):
        _decide(supervisor, "reject", comment="当天有接待任务")
    meeting = Meeting.objects.get(pk=booking.meeting.pk)
    assert meeting.status == MeetingStatus.CANCELLED
    assert Notification.objects.filter(kind="meetings.booking", recipient=clerk).exists()
    assert not Notification.objects.filter(kind="meetings.notice").exists()
    assert not [m for m in mail.outbox if m.attachments]
    again = _book(big_hall, employee)
    assert again.meeting.status == MeetingStatus.PENDING_APPROVAL


def test_cancelling_a_held_booking_frees_it_without_notice(clerk, supervisor, big_hall):
    booking = _book(big_hall, clerk)
    meeting_cancel(meeting=booking.meeting, by=clerk)
    assert not Notification.objects.filter(kind="meetings.notice").exists()
    _decide(supervisor, "approve")
    assert Meeting.objects.get(pk=booking.meeting.pk).status == MeetingStatus.CANCELLED


def test_room_flag_is_editable_through_the_api(api_client_for, logistics, room):
    response = api_client_for(logistics).patch(
        f"{BASE}rooms/{room.pk}/", {"requires_approval": True}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["requires_approval"] is True
    room.refresh_from_db()
    assert room.requires_approval is True


def test_room_form_sets_the_flag(client, logistics, room):
    client.force_login(logistics)
    response = client.post(
        f"/meetings/rooms/{room.pk}/edit/",
        {"name": room.name, "capacity": 10, "status": "available", "requires_approval": "on"},
    )
    assert response.status_code == 302
    room.refresh_from_db()
    assert room.requires_approval is True


def test_withdrawing_the_request_frees_the_held_slot(clerk, employee, supervisor, big_hall):
    from zhongshu.workflow.services import approval_withdraw

    booking = _book(big_hall, clerk)
    request = ApprovalRequest.objects.get(request_type="meeting_room_booking")
    approval_withdraw(request=request, by=clerk)
    assert Meeting.objects.get(pk=booking.meeting.pk).status == MeetingStatus.CANCELLED
    assert AuditEvent.objects.filter(action="meetings.booking_withdrawn").exists()
    assert not Notification.objects.filter(kind="meetings.booking").exists()
    again = _book(big_hall, employee)
    assert again.meeting.status == MeetingStatus.PENDING_APPROVAL


def test_invitation_of_a_held_booking_is_a_tentative_request(
    api_client_for, clerk, supervisor, big_hall
):
    """A booking awaiting approval is not cancelled: its invite.ics is a TENTATIVE REQUEST."""
    meeting = _book(big_hall, clerk).meeting
    assert meeting.status == MeetingStatus.PENDING_APPROVAL
    response = api_client_for(clerk).get(f"{BASE}{meeting.pk}/invite.ics")
    calendar = Calendar.from_ical(response.content)
    assert calendar["METHOD"] == "REQUEST" and "method=REQUEST" in response["Content-Type"]
    assert calendar.walk("VEVENT")[0]["STATUS"] == "TENTATIVE"
