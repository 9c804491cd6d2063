import pytest

from zhongshu.audit.services import record, record_access

pytestmark = pytest.mark.django_db

EVENTS = "/api/v1/audit/events/"
VERIFY = "/api/v1/audit/verify/"


@pytest.fixture
def events(supervisor, clerk, company):
    record(
        actor=supervisor,
        action="org.department_renamed",
        obj=company["sales"],
        after={"name": "销售部"},
    )
    record(actor=clerk, action="workflow.request_submitted", obj=company["admin"])
    record_access(actor=clerk, obj=company["branch"])


def test_auditor_lists_events_newest_first(api_client_for, auditor, events):
    response = api_client_for(auditor).get(EVENTS)
    assert response.status_code == 200
    rows = response.json()["results"]
    assert [r["seq"] for r in rows] == [3, 2, 1]
    assert rows[2]["after"] == {"name": "销售部"}
    assert rows[2]["actor_name"] == "王主管"
    assert rows[1]["prev_hash"] == rows[2]["hash"]


def test_filters_apply(api_client_for, supervisor, events):
    client = api_client_for(supervisor)
    assert [r["action"] for r in client.get(EVENTS, {"category": "access"}).json()["results"]] == [
        "view"
    ]
    assert [r["seq"] for r in client.get(EVENTS, {"actor": "clerk"}).json()["results"]] == [3, 2]
    assert [r["seq"] for r in client.get(EVENTS, {"action": "org."}).json()["results"]] == [1]


def test_keyset_pages(api_client_for, auditor):
    for i in range(5):
        record(actor=None, action=f"test.e{i}")
    client = api_client_for(auditor)
    page = client.get(EVENTS, {"page_size": 2}).json()
    assert [r["seq"] for r in page["results"]] == [5, 4]
    page = client.get(page["next"]).json()
    assert [r["seq"] for r in page["results"]] == [3, 2]


def test_bad_filter_is_a_400(api_client_for, auditor):
    response = api_client_for(auditor).get(EVENTS, {"date_from": "not-a-date"})
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert "date_from" in response.json()["errors"]


@pytest.mark.parametrize("role", ["clerk", "employee", "leader"])
def test_others_get_403(api_client_for, personas, role):
    client = api_client_for(personas[role])
    for url in (EVENTS, VERIFY):
        response = client.get(url)
        assert response.status_code == 403
        assert response.json()["code"] == "permission_denied"


def test_anonymous_gets_401_or_403(api_client_for):
    assert api_client_for(None).get(EVENTS).status_code in (401, 403)


def test_verify(api_client_for, supervisor, events):
    response = api_client_for(supervisor).get(VERIFY)
    assert response.status_code == 200
    assert response.json() == {"ok": True, "checked": 3, "first_broken_seq": None, "reason": ""}
