import pytest

from zhongshu.notices import services
from zhongshu.notices.models import Notification

pytestmark = pytest.mark.django_db

BASE = "/api/v1/notifications/"


def test_list_is_mine_only_with_all_fields(api_client_for, employee, clerk):
    [mine] = services.notify(
        recipients=[employee], title="会议通知", body="b", url="/m/1/", kind="meeting", email=False
    )
    services.notify(recipients=[clerk], title="别人的", email=False)
    response = api_client_for(employee).get(BASE)
    assert response.status_code == 200
    [item] = response.json()["results"]
    assert set(item) == {"id", "title", "body", "url", "kind", "created_at", "read_at", "unread"}
    assert (item["id"], item["title"], item["body"], item["url"], item["kind"]) == (
        mine.pk,
        "会议通知",
        "b",
        "/m/1/",
        "meeting",
    )
    assert item["unread"] is True
    assert item["read_at"] is None


def test_list_unread_filter_and_newest_first(api_client_for, employee):
    services.notify(recipients=[employee], title="a", email=False)
    services.notify(recipients=[employee], title="b", email=False)
    services.notify(recipients=[employee], title="c", email=False)
    Notification.objects.filter(title="b").update(read_at="2026-01-01T00:00:00Z")
    client = api_client_for(employee)
    assert [n["title"] for n in client.get(BASE).json()["results"]] == ["c", "b", "a"]
    assert [n["title"] for n in client.get(BASE + "?unread=1").json()["results"]] == ["c", "a"]


def test_read_one(api_client_for, employee):
    [row] = services.notify(recipients=[employee], title="x", email=False)
    response = api_client_for(employee).post(f"{BASE}{row.pk}/read/")
    assert response.status_code == 200
    assert response.json()["unread"] is False
    assert response.json()["read_at"] is not None
    row.refresh_from_db()
    assert row.read_at is not None


def test_read_someone_elses_is_404(api_client_for, employee, clerk):
    [row] = services.notify(recipients=[clerk], title="x", email=False)
    response = api_client_for(employee).post(f"{BASE}{row.pk}/read/")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    row.refresh_from_db()
    assert row.read_at is None


def test_read_all(api_client_for, employee, clerk):
    services.notify(recipients=[employee, clerk], title="x", email=False)
    response = api_client_for(employee).post(f"{BASE}read-all/")
    assert response.status_code == 200
    assert response.json() == {"updated": 1}
    assert Notification.objects.for_user(clerk).unread().count() == 1


def test_anonymous_is_refused(api_client_for):
    assert api_client_for(None).get(BASE).status_code in (401, 403)
