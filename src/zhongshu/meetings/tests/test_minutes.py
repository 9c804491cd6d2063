"""Minutes: draft → submit → host approves or returns → publish; deadlines and refusals."""

import pytest
from django.core.exceptions import PermissionDenied

from zhongshu.core.errors import Conflict
from zhongshu.meetings.models import Minutes, MinutesEvent, MinutesStatus
from zhongshu.meetings.services import (
    meeting_cancel,
    minutes_publish,
    minutes_review,
    minutes_save,
    minutes_submit,
)
from zhongshu.notices.models import Notification
from zhongshu.workflow.models import Deadline

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(room, book, leader, employee):
    return book(room, host=leader, attendees=[employee.pk])


def _open(kind, meeting):
    return Deadline.objects.filter(kind=kind, object_id=meeting.pk, done_at__isnull=True)


def test_full_flow(meeting, clerk, leader, employee):
    minutes_save(meeting=meeting, by=clerk, body="会议讨论了预算。", decisions="通过预算")
    minutes = minutes_submit(meeting=meeting, by=clerk)
    assert minutes.status == MinutesStatus.SUBMITTED
    assert not _open("meetings.minutes", meeting).exists()
    assert _open("meetings.minutes_review", meeting).get().owner == leader
    with pytest.raises(Conflict):  # no edits under review
        minutes_save(meeting=meeting, by=clerk, body="改")
    minutes = minutes_review(meeting=meeting, by=leader, decision="approve")
    assert minutes.status == MinutesStatus.APPROVED
    assert not _open("meetings.minutes_review", meeting).exists()
    minutes = minutes_publish(meeting=meeting, by=clerk)
    assert minutes.status == MinutesStatus.PUBLISHED and minutes.published_at
    assert Notification.objects.filter(recipient=employee, kind="meetings.minutes_published")
    assert list(MinutesEvent.objects.values_list("to_status", flat=True)) == [
        "submitted",
        "approved",
        "published",
    ]


def test_return_reopens_the_draft(meeting, clerk, leader):
    minutes_save(meeting=meeting, by=clerk, body="初稿")
    minutes_submit(meeting=meeting, by=clerk)
    with pytest.raises(Conflict):  # a return needs a comment
        minutes_review(meeting=meeting, by=leader, decision="return")
    minutes = minutes_review(meeting=meeting, by=leader, decision="return", comment="补充决议")
    assert minutes.status == MinutesStatus.RETURNED
    assert _open("meetings.minutes", meeting).get().owner == clerk
    assert minutes_save(meeting=meeting, by=clerk, body="修改稿").body == "修改稿"
    assert minutes_submit(meeting=meeting, by=clerk).status == MinutesStatus.SUBMITTED


def test_refusals(meeting, clerk, leader, employee):
    with pytest.raises(Conflict):  # nothing written yet
        minutes_submit(meeting=meeting, by=clerk)
    minutes_save(meeting=meeting, by=clerk, body="初稿")
    with pytest.raises(Conflict) as raised:  # published before review
        minutes_publish(meeting=meeting, by=clerk)
    assert raised.value.code == "not_reviewed"
    with pytest.raises(PermissionDenied):
        minutes_save(meeting=meeting, by=employee, body="我来写")
    minutes_submit(meeting=meeting, by=clerk)
    with pytest.raises(PermissionDenied):  # only the host reviews
        minutes_review(meeting=meeting, by=clerk, decision="approve")
    with pytest.raises(Conflict):
        minutes_publish(meeting=meeting, by=clerk)
    assert Minutes.objects.get(meeting=meeting).status == MinutesStatus.SUBMITTED


def test_cancelled_meeting_has_no_minutes(meeting, clerk):
    meeting_cancel(meeting=meeting, by=clerk)
    meeting.refresh_from_db()
    with pytest.raises(Conflict):
        minutes_save(meeting=meeting, by=clerk, body="x")
