"""Action items, progress, the weekly report (page data, Excel, Monday notification)."""

import io
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from openpyxl import load_workbook

from zhongshu.core.errors import Conflict, ServiceError
from zhongshu.meetings.models import ActionItem, ActionStatus
from zhongshu.meetings.services import (
    action_create,
    action_progress,
    parse_week,
    week_label,
    weekly_report,
    weekly_report_send,
    weekly_report_xlsx,
)
from zhongshu.meetings.services.actions import action_due_at
from zhongshu.meetings.services.common import ACTION_DEADLINE
from zhongshu.notices.models import Notification
from zhongshu.workflow.models import Deadline
from zhongshu.workflow.services import deadline_set, deadlines_process

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(room, book, leader, employee):
    return book(room, host=leader, attendees=[employee.pk])


def test_create_and_progress_to_done(meeting, clerk, employee):
    today = timezone.localdate()
    action = action_create(
        meeting=meeting, by=clerk, title="完成预算表", owner=employee, due_date=today + timedelta(3)
    )
    deadline = Deadline.objects.get(kind="meetings.action", object_id=action.pk)
    assert deadline.owner == employee and deadline.done_at is None
    assert Notification.objects.filter(recipient=employee, kind="meetings.action_assigned")
    action_progress(action=action, by=employee, note="已完成一半", percent=50)
    action.refresh_from_db()
    assert (action.status, action.percent) == (ActionStatus.OPEN, 50)
    action_progress(action=action, by=employee, note="完成", percent=80, done=True)
    action.refresh_from_db()
    assert (action.status, action.percent) == (ActionStatus.DONE, 100)
    deadline.refresh_from_db()
    assert deadline.done_at is not None
    with pytest.raises(Conflict):
        action_progress(action=action, by=employee, note="再报", percent=100)
    assert action.progress.count() == 2


def test_action_refusals(meeting, clerk, employee, outsider):
    today = timezone.localdate()
    with pytest.raises(PermissionDenied):
        action_create(meeting=meeting, by=employee, title="x", owner=employee, due_date=today)
    with pytest.raises(ServiceError):
        action_create(meeting=meeting, by=clerk, title=" ", owner=employee, due_date=today)
    action = action_create(meeting=meeting, by=clerk, title="整改", owner=employee, due_date=today)
    with pytest.raises(PermissionDenied):
        action_progress(action=action, by=outsider, note="x", percent=10)
    with pytest.raises(ServiceError):
        action_progress(action=action, by=employee, note="x", percent=120)
    with pytest.raises(ServiceError):
        action_progress(action=action, by=employee, note="", percent=10)
    assert not action.progress.exists()


def test_overdue_items_remind_their_owner(meeting, clerk, employee):
    yesterday = timezone.localdate() - timedelta(days=1)
    action = ActionItem.objects.create(
        meeting=meeting, title="逾期事项", owner=employee, due_date=yesterday, created_by=clerk
    )
    deadline_set(
        target=action,
        kind=ACTION_DEADLINE,
        owner=employee,
        due_at=action_due_at(yesterday),
        title="逾期",
    )
    result = deadlines_process()
    assert result["escalated"] == 1
    assert Notification.objects.filter(recipient=employee).exists()
    assert list(ActionItem.objects.overdue()) == [action]


def test_weekly_report_counts_per_owner(meeting, clerk, employee, dept_head, leader):
    today = timezone.localdate()
    done = action_create(meeting=meeting, by=clerk, title="A", owner=employee, due_date=today)
    action_progress(action=done, by=employee, note="好了", percent=100)
    action_create(
        meeting=meeting, by=clerk, title="B", owner=employee, due_date=today + timedelta(30)
    )
    late = action_create(meeting=meeting, by=clerk, title="C", owner=dept_head, due_date=today)
    ActionItem.objects.filter(pk=late.pk).update(due_date=today - timedelta(days=1))
    report = weekly_report(week=week_label(today), by=leader)
    rows = {row.owner.username: (row.done, row.on_track, row.overdue) for row in report.rows}
    assert rows == {"employee": (1, 1, 0), "dept_head": (0, 0, 1)}
    assert report.totals == {"done": 1, "on_track": 1, "overdue": 1}
    workbook = load_workbook(io.BytesIO(weekly_report_xlsx(report)))
    summary = [row for row in workbook.worksheets[0].iter_rows(values_only=True)]
    assert summary[0][1] == report.week
    assert ("刘员工", 1, 1, 0) in summary
    assert workbook.worksheets[1].max_row == 4


def test_report_is_for_leaders_and_office(employee):
    with pytest.raises(PermissionDenied):
        weekly_report(week=None, by=employee)


def test_week_parsing(leader):
    assert parse_week("2026-W18").isoformat() == "2026-04-27"
    assert week_label(parse_week("2026-W01")) == "2026-W01"
    with pytest.raises(ServiceError):
        parse_week("2026-18")


def test_monday_notification_goes_to_leaders(leader, employee):
    monday = parse_week("2026-W19")
    assert weekly_report_send(today=monday) == 1
    notice = Notification.objects.get(kind="meetings.weekly_report")
    assert notice.recipient == leader and notice.url.endswith("?week=2026-W18")
