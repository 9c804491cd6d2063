from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from zhongshu.workflow import inbox
from zhongshu.workflow.inbox import (
    InboxItem,
    inbox_count,
    inbox_for,
    inbox_page,
    register_inbox_provider,
)
from zhongshu.workflow.models import ApprovalTask

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def item(title, due=None, created=0):
    return InboxItem(
        kind="test",
        kind_label="测试",
        title=title,
        url="/x/",
        due_at=NOW + timedelta(hours=due) if due is not None else None,
        created_at=NOW - timedelta(hours=created),
    )


class Rows(list):
    """A list that can carry the number of count() calls."""


@pytest.fixture
def fake_provider():
    rows = Rows()
    rows.counted = 0

    def count(user):
        rows.counted += 1
        return len(rows)

    register_inbox_provider(
        "test",
        "测试",
        items=lambda user, limit: sorted(rows, key=InboxItem.sort_key)[:limit],
        count=count,
    )
    yield rows
    inbox._PROVIDERS.pop("test", None)


def test_overdue_item_and_sort_order(employee, fake_provider):
    fake_provider.extend(
        [
            item("later", due=5),
            item("undated-new", created=1),
            item("undated-old", created=9),
            item("overdue-recent", due=-1),
            item("soon", due=1),
            item("overdue-old", due=-10),
        ]
    )
    titles = [i.title for i in inbox_for(employee)]
    assert titles == [
        "overdue-old",
        "overdue-recent",
        "soon",
        "later",
        "undated-old",
        "undated-new",
    ]
    assert [i.overdue for i in inbox_for(employee)][:3] == [True, True, False]
    assert [i.title for i in inbox_for(employee, limit=2)] == ["overdue-old", "overdue-recent"]
    assert inbox_count(employee) == 6
    assert inbox_count(employee, kind="approval") == 0
    assert inbox_for(employee, kind="approval") == []


def test_anonymous_and_inactive_users_have_empty_inboxes(employee):
    from django.contrib.auth.models import AnonymousUser

    assert inbox_for(AnonymousUser()) == [] and inbox_count(AnonymousUser()) == 0
    employee.is_active = False
    assert inbox_for(employee) == [] and inbox_count(employee) == 0


def test_approval_tasks_are_in_the_inbox(submit, team, supervisor2):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        request = submit()
    [entry] = inbox_for(team["dept_head"])
    assert entry.kind == "approval" and entry.kind_label == "审批"
    assert entry.title == f"{request.number} 采购投影仪"
    assert entry.url == f"/workflow/requests/{request.pk}/"
    assert entry.api_url == f"/api/v1/workflow/requests/{request.pk}/"
    assert entry.due_at == start + timedelta(hours=24)
    assert not entry.overdue
    with time_machine.travel(start + timedelta(hours=25)):
        assert inbox_for(team["dept_head"])[0].overdue
    assert inbox_count(team["dept_head"]) == 1
    assert inbox_count(team["employee"]) == 0
    task = ApprovalTask.objects.get(request=request)
    from zhongshu.workflow.services import approval_decide

    approval_decide(task=task, decision="approve", by=team["dept_head"])
    assert inbox_count(team["dept_head"]) == 0
    assert inbox_count(team["supervisor"]) == 1 and inbox_count(supervisor2) == 1


def test_provider_cost_does_not_grow_with_rows(submit, team, django_assert_num_queries):
    submit()
    with django_assert_num_queries(1):
        inbox_for(team["dept_head"], kind="approval")
    with django_assert_num_queries(1):
        inbox_count(team["dept_head"], kind="approval")
    for _ in range(5):
        submit()
    with django_assert_num_queries(1):
        assert len(inbox_for(team["dept_head"], limit=3, kind="approval")) == 3
    with django_assert_num_queries(1):
        assert inbox_count(team["dept_head"], kind="approval") == 6


def test_whole_inbox_cost_does_not_grow_with_rows(submit, team):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries(fn):
        with CaptureQueriesContext(connection) as captured:
            fn()
        return len(captured.captured_queries)

    submit()
    inbox_for(team["dept_head"])  # warm per-process caches (content types)
    one = (
        queries(lambda: inbox_for(team["dept_head"])),
        queries(lambda: inbox_count(team["dept_head"])),
    )
    for _ in range(5):
        submit()
    six = (
        queries(lambda: inbox_for(team["dept_head"])),
        queries(lambda: inbox_count(team["dept_head"])),
    )
    assert one == six


def test_items_as_dicts(submit, team, rf):
    from zhongshu.workflow.inbox import inbox_items_as_dicts

    request = submit()
    [row] = inbox_items_as_dicts(team["dept_head"], rf.get("/api/v1/inbox/"))
    assert row["kind"] == "approval" and row["overdue"] is False
    assert row["url"] == f"http://testserver/workflow/requests/{request.pk}/"
    assert row["api_url"] == f"http://testserver/api/v1/workflow/requests/{request.pk}/"
    assert set(row) == {"kind", "kind_label", "title", "url", "api_url", "due_at", "overdue"}


def test_inbox_page_counts_only_providers_with_more_than_the_page(employee, fake_provider):
    fake_provider.extend(item(f"to-do {n}", due=n) for n in range(5))
    items, total = inbox_page(employee, 10, kind="test")
    assert (len(items), total, fake_provider.counted) == (5, 5, 0)  # all fit: no count query
    items, total = inbox_page(employee, 3, kind="test")
    assert [i.title for i in items] == ["to-do 0", "to-do 1", "to-do 2"]
    assert (total, fake_provider.counted) == (5, 1)
    assert total == inbox_count(employee, kind="test")
