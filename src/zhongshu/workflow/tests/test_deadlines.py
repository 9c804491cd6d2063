from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.utils import timezone

from zhongshu.workflow.models import Deadline
from zhongshu.workflow.services import deadline_done, deadline_set, deadlines_process
from zhongshu.workflow.tasks import process_deadlines

pytestmark = pytest.mark.django_db

START = timezone.now().replace(microsecond=0)


@pytest.fixture
def target(company):
    """Any model instance can carry a deadline; a department is handy."""
    return company["admin"]


def make(target, owner, *, hours=24, kind="minutes", **extra):
    return deadline_set(
        target=target,
        kind=kind,
        owner=owner,
        due_at=START + timedelta(hours=hours),
        title="会议纪要",
        url="/meetings/1/",
        **extra,
    )


def test_set_is_an_upsert_and_moving_due_rearms(target, clerk, supervisor):
    first = make(target, clerk, escalate_to=[supervisor])
    assert first.remind_at == first.due_at - timedelta(hours=2)
    assert list(first.escalate_to.all()) == [supervisor]
    Deadline.objects.filter(pk=first.pk).update(reminded_at=START)
    same = make(target, clerk, remind_before=timedelta(hours=1))
    assert same.pk == first.pk and Deadline.objects.count() == 1
    assert same.reminded_at == START  # due time unchanged: the reminder stays sent
    assert same.remind_at == same.due_at - timedelta(hours=1)
    assert list(same.escalate_to.all()) == []
    moved = make(target, clerk, hours=48)
    assert moved.pk == first.pk and moved.reminded_at is None and moved.escalated_at is None
    other_owner = make(target, supervisor)
    other_kind = make(target, clerk, kind="other")
    assert len({first.pk, other_owner.pk, other_kind.pk}) == 3


def test_no_reminder_when_remind_before_is_none(target, clerk):
    assert make(target, clerk, remind_before=None).remind_at is None


def test_done_closes_and_a_new_one_can_open(target, clerk, supervisor):
    make(target, clerk)
    make(target, supervisor)
    make(target, clerk, kind="other")
    assert deadline_done(target=target, kind="minutes", owner=clerk) == 1
    assert deadline_done(target=target, kind="minutes") == 1
    assert Deadline.objects.open().count() == 1
    assert deadline_done(target=target) == 1
    assert deadline_done(target=target) == 0
    again = make(target, clerk)
    assert again.done_at is None and Deadline.objects.count() == 4


def test_remind_then_escalate_exactly_once(target, clerk, supervisor, logistics, notes, audit_log):
    make(target, clerk, escalate_to=[logistics], escalate_role="supervisor")
    with time_machine.travel(START + timedelta(hours=21), tick=False):
        assert deadlines_process() == {"reminded": 0, "escalated": 0}
    with time_machine.travel(START + timedelta(hours=22), tick=False):
        assert deadlines_process() == {"reminded": 1, "escalated": 0}
        assert deadlines_process() == {"reminded": 0, "escalated": 0}
    assert notes(clerk) == [
        (
            "deadline_reminder",
            "提醒：会议纪要 将于 "
            f"{timezone.localtime(START + timedelta(hours=24)):%Y-%m-%d %H:%M} 到期",
        )
    ]
    with time_machine.travel(START + timedelta(hours=24), tick=False):
        assert deadlines_process() == {"reminded": 0, "escalated": 1}
    with time_machine.travel(START + timedelta(hours=30), tick=False):
        assert deadlines_process() == {"reminded": 0, "escalated": 0}
    assert [kind for kind, _title in notes(clerk)] == ["deadline_reminder", "deadline_overdue"]
    for boss in (supervisor, logistics):
        [(kind, title)] = notes(boss)
        assert kind == "deadline_escalated" and "会议纪要" in title and "李文员" in title
    row = Deadline.objects.get()
    assert row.reminded_at == START + timedelta(hours=22)
    assert row.escalated_at == START + timedelta(hours=24)
    assert [c["action"] for c in audit_log] == [
        "workflow.deadline_reminded",
        "workflow.deadline_escalated",
    ]


def test_overdue_before_any_reminder_sends_only_the_overdue_notice(target, clerk, notes):
    make(target, clerk)
    assert deadlines_process(now=START + timedelta(hours=25)) == {"reminded": 0, "escalated": 1}
    assert [kind for kind, _t in notes(clerk)] == ["deadline_overdue"]
    row = Deadline.objects.get()
    assert row.reminded_at is not None
    assert deadlines_process(now=START + timedelta(hours=26)) == {"reminded": 0, "escalated": 0}


def test_done_deadlines_are_ignored(target, clerk, notes):
    make(target, clerk)
    deadline_done(target=target)
    assert deadlines_process(now=START + timedelta(days=3)) == {"reminded": 0, "escalated": 0}
    assert notes(clerk) == []


def test_owner_is_not_escalated_to_themselves(target, supervisor, notes):
    make(target, supervisor, escalate_role="supervisor")
    deadlines_process(now=START + timedelta(days=2))
    assert [kind for kind, _t in notes(supervisor)] == ["deadline_overdue"]


def test_many_rows_are_processed_in_batches(target, make_user, monkeypatch):
    from zhongshu.workflow.services import deadlines

    monkeypatch.setattr(deadlines, "BATCH_SIZE", 3)
    for i in range(7):
        make(target, make_user(f"u{i}"))
    assert deadlines_process(now=START + timedelta(hours=23)) == {"reminded": 7, "escalated": 0}
    assert deadlines_process(now=START + timedelta(hours=25)) == {"reminded": 0, "escalated": 7}


@pytest.mark.skipif(connection.vendor != "sqlite", reason="reads SQLite's query plan")
def test_due_rows_are_found_through_the_partial_indexes():
    now = timezone.now()
    remind_plan = Deadline.objects.to_remind(now).order_by("remind_at").explain()
    escalate_plan = Deadline.objects.to_escalate(now).order_by("due_at").explain()
    assert "workflow_deadline_to_remind" in remind_plan
    assert "workflow_deadline_to_escalate" in escalate_plan


def test_periodic_task_calls_the_service(target, clerk):
    make(target, clerk)
    with time_machine.travel(START + timedelta(hours=23), tick=False):
        assert process_deadlines.call_local() == {"reminded": 1, "escalated": 0}
