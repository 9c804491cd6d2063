"""Answers, sign-in by QR key or by the clerk, late arrivals, no-show release, equipment check."""

import pytest
from django.core.exceptions import PermissionDenied

from zhongshu.audit.models import AuditEvent
from zhongshu.core.errors import ServiceError
from zhongshu.meetings.models import Attendee, Meeting, MeetingStatus, Response
from zhongshu.meetings.services import (
    attendee_check_in,
    attendee_respond,
    equipment_checks_for,
    meeting_equipment_checked,
    meetings_release_no_shows,
)
from zhongshu.notices.models import Notification
from zhongshu.workflow.models import Deadline

from .factories import started_ago

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(room, book, employee, dept_head, leader):
    return book(
        room, host=leader, attendees=[employee.pk, dept_head.pk], guests=[{"name": "王顾问"}]
    )


def test_attend_decline_delegate(meeting, employee, dept_head, driver):
    attendee = attendee_respond(meeting=meeting, by=employee, response=Response.ATTEND)
    assert (attendee.response, attendee.responded_at is not None) == (Response.ATTEND, True)
    attendee_respond(meeting=meeting, by=employee, response=Response.DECLINE)
    assert Attendee.objects.get(meeting=meeting, user=employee).response == Response.DECLINE
    attendee = attendee_respond(
        meeting=meeting, by=dept_head, response=Response.DELEGATE, delegate=driver
    )
    assert attendee.delegate == driver
    assert Notification.objects.filter(recipient=driver, kind="meetings.delegated").exists()
    assert meeting in Meeting.objects.visible_to(driver)
    assert AuditEvent.objects.filter(action="meetings.invitation_answered").count() == 3


def test_bad_answers(meeting, employee, outsider, dept_head):
    with pytest.raises(ServiceError):
        attendee_respond(meeting=meeting, by=outsider, response=Response.ATTEND)
    with pytest.raises(ServiceError):
        attendee_respond(meeting=meeting, by=employee, response="maybe")
    with pytest.raises(ServiceError):  # delegate to someone already invited
        attendee_respond(meeting=meeting, by=employee, response="delegate", delegate=dept_head)
    with pytest.raises(ServiceError):  # delegate to nobody
        attendee_respond(meeting=meeting, by=employee, response="delegate")
    assert Attendee.objects.get(meeting=meeting, user=employee).response == Response.PENDING


def test_sign_in_with_the_qr_key(meeting, employee):
    started_ago(meeting, minutes=5)
    attendee = attendee_check_in(meeting=meeting, by=employee, token=meeting.checkin_token)
    assert attendee.checked_in_at is not None and attendee.checked_in_by == employee
    assert attendee.is_late
    again = attendee_check_in(meeting=meeting, by=employee, token=meeting.checkin_token)
    assert again.checked_in_at == attendee.checked_in_at  # idempotent


def test_sign_in_before_start_is_not_late(meeting, employee):
    started_ago(meeting, minutes=-10)
    attendee = attendee_check_in(meeting=meeting, by=employee, token=meeting.checkin_token)
    assert not attendee.is_late


def test_sign_in_refusals(meeting, employee, outsider):
    with pytest.raises(ServiceError) as raised:  # tomorrow: too early
        attendee_check_in(meeting=meeting, by=employee, token=meeting.checkin_token)
    assert raised.value.code == "too_early"
    started_ago(meeting, minutes=5)
    with pytest.raises(ServiceError) as raised:
        attendee_check_in(meeting=meeting, by=employee, token="wrong")
    assert raised.value.code == "bad_token"
    with pytest.raises(ServiceError) as raised:  # someone else's meeting
        attendee_check_in(meeting=meeting, by=outsider, token=meeting.checkin_token)
    assert raised.value.code == "not_invited"
    with pytest.raises(PermissionDenied):  # signing others in is for the organiser and office
        attendee_check_in(meeting=meeting, by=employee, user=outsider)
    started_ago(meeting, minutes=120)
    with pytest.raises(ServiceError) as raised:
        attendee_check_in(meeting=meeting, by=employee, token=meeting.checkin_token)
    assert raised.value.code == "meeting_closed"
    assert not Attendee.objects.filter(checked_in_at__isnull=False).exists()


def test_delegate_and_host_sign_in(meeting, dept_head, driver, leader):
    attendee_respond(meeting=meeting, by=dept_head, response="delegate", delegate=driver)
    started_ago(meeting, minutes=1)
    attendee = attendee_check_in(meeting=meeting, by=driver, token=meeting.checkin_token)
    assert attendee.user == dept_head and attendee.checked_in_by == driver
    host = attendee_check_in(meeting=meeting, by=leader, token=meeting.checkin_token)
    assert host.user == leader and host.response == Response.ATTEND


def test_clerk_signs_in_colleagues_and_guests(meeting, clerk, employee, outsider):
    started_ago(meeting, minutes=1)
    attendee = attendee_check_in(meeting=meeting, by=clerk, user=employee)
    assert attendee.checked_in_by == clerk
    guest = Attendee.objects.get(meeting=meeting, guest_name="王顾问")
    assert attendee_check_in(meeting=meeting, by=clerk, guest=guest.pk).checked_in_at
    with pytest.raises(ServiceError):
        attendee_check_in(meeting=meeting, by=clerk, user=outsider)


def test_no_show_releases_the_room_once(
    meeting, book, room, clerk, django_capture_on_commit_callbacks
):
    started_ago(meeting, minutes=20)
    assert meetings_release_no_shows() == 1
    meeting.refresh_from_db()
    assert (meeting.status, meeting.no_show) == (MeetingStatus.RELEASED, True)
    assert Notification.objects.filter(recipient=clerk, kind="meetings.no_show").exists()
    assert not Deadline.objects.filter(object_id=meeting.pk, done_at__isnull=True).exists()
    assert meetings_release_no_shows() == 0
    assert AuditEvent.objects.filter(action="meetings.room_released").count() == 1


def test_signed_in_or_within_grace_is_kept(meeting, employee, settings):
    started_ago(meeting, minutes=10)
    assert meetings_release_no_shows() == 0
    settings.MEETINGS_NO_SHOW_MINUTES = 5
    attendee_check_in(meeting=meeting, by=employee, token=meeting.checkin_token)
    assert meetings_release_no_shows() == 0
    assert Meeting.objects.get(pk=meeting.pk).status == MeetingStatus.SCHEDULED


def test_equipment_check(meeting, logistics, employee):
    started_ago(meeting, minutes=-60)
    assert list(equipment_checks_for(logistics)) == [meeting]
    assert not equipment_checks_for(employee).exists()
    with pytest.raises(PermissionDenied):
        meeting_equipment_checked(meeting=meeting, by=employee)
    meeting_equipment_checked(meeting=meeting, by=logistics, notes="投影仪正常")
    meeting.refresh_from_db()
    assert meeting.equipment_checked_by == logistics and meeting.equipment_notes == "投影仪正常"
    assert not equipment_checks_for(logistics).exists()
