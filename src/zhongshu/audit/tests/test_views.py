import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from zhongshu.audit import guard
from zhongshu.audit.services import record, record_access

pytestmark = pytest.mark.django_db


@pytest.fixture
def events(supervisor, clerk, company):
    record(
        actor=supervisor,
        action="org.department_renamed",
        obj=company["sales"],
        before={"name": "销售"},
        after={"name": "销售部"},
    )
    record(actor=clerk, action="workflow.request_submitted", obj=company["admin"], note="请假")
    record_access(actor=clerk, obj=company["branch"], action="view")


def _client(client, user):
    client.force_login(user)
    return client


@pytest.mark.parametrize("role", ["supervisor", "auditor"])
def test_supervisor_and_auditor_see_the_log(client, personas, events, role):
    response = _client(client, personas[role]).get(reverse("audit:list"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "org.department_renamed" in body
    assert "workflow.request_submitted" in body
    assert "销售部" in body


@pytest.mark.parametrize(
    "role", ["clerk", "logistics", "leader", "dept_head", "employee", "driver", "outsider"]
)
def test_others_are_refused(client, personas, role):
    response = _client(client, personas[role]).get(reverse("audit:list"))
    assert response.status_code == 403
    assert _client(client, personas[role]).post(reverse("audit:verify")).status_code == 403


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("audit:list"))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"action": "workflow.request_submitted"}, ["workflow.request_submitted"]),
        ({"action": "org."}, ["org.department_renamed"]),
        ({"actor": "clerk"}, ["view", "workflow.request_submitted"]),
        ({"category": "access"}, ["view"]),
        ({"object_type": "org.department", "object_id": "__sales__"}, ["org.department_renamed"]),
        ({"date_from": "2000-01-01", "date_to": "2000-01-02"}, []),
    ],
)
def test_filters(client, auditor, events, company, query, expected):
    if query.get("object_id") == "__sales__":
        query = {**query, "object_id": str(company["sales"].pk)}
    response = _client(client, auditor).get(reverse("audit:list"), query)
    assert response.status_code == 200
    assert sorted(e.action for e in response.context["events"]) == expected


def test_filter_by_actor_id_and_today(client, auditor, clerk, events):
    today = timezone.localdate().isoformat()
    response = _client(client, auditor).get(
        reverse("audit:list"), {"actor": str(clerk.pk), "date_from": today, "date_to": today}
    )
    assert len(response.context["events"]) == 2


def test_invalid_filter_shows_the_error_and_no_rows(client, auditor, events):
    response = _client(client, auditor).get(
        reverse("audit:list"), {"date_from": "2026-02-01", "date_to": "2026-01-01"}
    )
    assert response.status_code == 200
    assert response.context["events"] == []
    assert response.context["form"].errors


def test_keyset_pages_newest_first(client, auditor, django_assert_max_num_queries):
    for i in range(120):
        record(actor=None, action=f"test.e{i}")
    c = _client(client, auditor)
    with django_assert_max_num_queries(8):
        first = c.get(reverse("audit:list"))
    seqs = [e.seq for e in first.context["events"]]
    assert seqs == list(range(120, 70, -1))
    assert first.context["older"] == 71 and first.context["newer"] is None

    second = c.get(reverse("audit:list"), {"before": 71})
    assert [e.seq for e in second.context["events"]] == list(range(70, 20, -1))
    third = c.get(reverse("audit:list"), {"before": 21})
    assert [e.seq for e in third.context["events"]] == list(range(20, 0, -1))
    assert third.context["older"] is None

    back = c.get(reverse("audit:list"), {"after": 70})
    assert [e.seq for e in back.context["events"]] == list(range(120, 70, -1))
    assert back.context["newer"] is None and back.context["older"] == 71
    middle = c.get(reverse("audit:list"), {"after": 20})
    assert [e.seq for e in middle.context["events"]] == list(range(70, 20, -1))
    assert middle.context["newer"] == 70


def test_page_does_not_count_the_table(client, auditor, events):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        _client(client, auditor).get(reverse("audit:list"))
    assert not any(
        "COUNT(" in q["sql"].upper() and "audit_auditevent" in q["sql"]
        for q in ctx.captured_queries
    )


def test_verify_page(client, supervisor, events):
    c = _client(client, supervisor)
    assert c.get(reverse("audit:verify")).context["result"] is None
    response = c.post(reverse("audit:verify"))
    result = response.context["result"]
    assert (result.ok, result.checked) == (True, 3)
    assert 'data-testid="verify-result"' in response.content.decode()


def test_verify_page_shows_the_broken_link(client, auditor, events):
    from django.db import connection

    guard.drop(connection)
    try:
        with connection.cursor() as cursor:
            cursor.execute("UPDATE audit_auditevent SET note = 'x' WHERE seq = 2")
    finally:
        guard.install(connection)
    result = _client(client, auditor).post(reverse("audit:verify")).context["result"]
    assert (result.ok, result.first_broken_seq) == (False, 2)


def test_event_times_are_shown_in_local_time(client, auditor):
    record(actor=None, action="test.timed")
    response = _client(client, auditor).get(reverse("audit:list"))
    local = timezone.localtime(response.context["events"][0].at)
    assert local.strftime("%Y-%m-%d %H:%M") in response.content.decode()
    assert local.utcoffset() == dt.timedelta(hours=8)
