"""Malformed input answers a JSON 400, never a server error (hardening #10, #18, #19)."""

import base64
import io
from urllib.parse import urlencode

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def cursor(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


@pytest.mark.parametrize(
    "value",
    [
        cursor("p=abc"),
        cursor("p=99999999999999999999999"),
        cursor("p=-1"),
        cursor("r=x"),
        "not base64 at all!",
        "游标",
    ],
)
def test_a_crafted_cursor_is_bad_input(api_client_for, clerk, value):
    response = api_client_for(clerk).get("/api/v1/notifications/", {"cursor": value})
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert "cursor" in response.json()["errors"]


def test_a_real_cursor_still_pages(api_client_for, clerk):
    response = api_client_for(clerk).get("/api/v1/notifications/", {"cursor": cursor("p=5")})
    assert response.status_code == 200


def test_deeply_nested_json_is_refused():
    body = "[" * 5000 + "]" * 5000
    response = APIClient().post("/api/v1/auth/token/", body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"


def test_moderately_nested_json_is_refused_past_the_cap():
    body = '{"username": ' + "[" * 40 + "]" * 40 + "}"
    response = APIClient().post("/api/v1/auth/token/", body, content_type="application/json")
    assert response.status_code == 400


def test_the_schema_documents_the_error_answers(client, supervisor):
    client.force_login(supervisor)
    schema = client.get("/api/schema/", {"format": "json"}).json()
    assert schema["components"]["schemas"]["Error"]["required"] == ["code", "detail"]
    token = schema["paths"]["/api/v1/auth/token/"]["post"]["responses"]
    assert {"400", "401", "403", "409"} <= set(token)
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            responses = operation["responses"]
            assert "400" in responses and "404" in responses, (path, method)


# --- hardening #18: input the fuzzer found to end in a server error ---------------------------

BIG = 99999999999999999999


@pytest.fixture
def documents_world(clerk, employee):
    """An internal item circulated to the employee, and a draft of the clerk's."""
    from zhongshu.documents.models import OutgoingStatus
    from zhongshu.documents.services import circulation_start, document_register
    from zhongshu.documents.tests.factories import OutgoingDocumentFactory

    item = document_register(
        by=clerk,
        subject="关于消防检查的通知",
        issuer="市应急管理局",
        kind="notice",
        level="internal",
    )
    circulation_start(document=item, readers=[employee.pk], mode="parallel", by=clerk)
    draft = OutgoingDocumentFactory(status=OutgoingStatus.DRAFT, drafted_by=clerk)
    return {"item": item, "draft": draft}


def id_requests(w, user_id):
    """(method, url, body) of requests that carry a person or record id."""
    item, draft = w["item"].pk, w["draft"].pk
    return [
        ("post", "/api/v1/assets/stocktakes/", {"title": "t", "asset_ids": [user_id]}),
        ("post", "/api/v1/assets/stocktakes/", {"title": "t", "departments": [user_id]}),
        ("post", "/api/v1/assets/stocktakes/", {"title": "t", "counters": [user_id]}),
        ("post", "/api/v1/documents/outgoing/", {"title": "t", "recipients": [user_id]}),
        ("post", f"/api/v1/documents/outgoing/{draft}/submit/", {"recipients": [user_id]}),
        (
            "post",
            f"/api/v1/documents/incoming/{item}/circulate/",
            {"readers": [user_id], "mode": "parallel"},
        ),
        ("post", f"/api/v1/documents/incoming/{item}/scope/", {"users": [user_id]}),
    ]


def send(client, method, url, body):
    if method == "get":
        return client.get(url, body)
    return getattr(client, method)(url, body, format="json")


def test_ids_beyond_bigint_are_bad_input(api_client_for, clerk, supervisor, documents_world):
    for method, url, body in id_requests(documents_world, BIG):
        client = api_client_for(supervisor if "assets" in url else clerk)
        response = send(client, method, url, body)
        assert response.status_code == 400, (url, body, response.content)
        assert response.json()["code"] == "invalid"


@pytest.mark.parametrize(
    "url",
    [
        f"/api/v1/assets/inspections/?plan={BIG}",
        f"/api/v1/assets/?category={BIG}",
        f"/api/v1/assets/?custodian={BIG}",
        f"/api/v1/assets/export.xlsx?location={BIG}",
        f"/api/v1/assets/labels.pdf?ids=1,{BIG}",
        "/api/v1/assets/idle/?days=4087653140",
    ],
)
def test_query_numbers_beyond_their_range_are_bad_input(api_client_for, supervisor, url):
    response = api_client_for(supervisor).get(url)
    assert response.status_code == 400, response.content
    assert response.json()["code"] == "invalid"


def test_permission_is_checked_before_the_input(api_client_for, employee, documents_world):
    """An employee is refused (403) whatever ids they send, valid or far too large."""
    client = api_client_for(employee)
    for user_id in (employee.pk, BIG):
        for method, url, body in id_requests(documents_world, user_id):
            if "/submit/" in url:
                continue  # the employee cannot see the clerk's draft at all (404)
            response = send(client, method, url, body)
            assert response.status_code == 403, (url, user_id, response.content)


def test_malformed_inputs_of_the_assets_api_are_bad_input(api_client_for, supervisor):
    from zhongshu.assets.tests.factories import AssetFactory, StocktakeFactory

    client = api_client_for(supervisor)
    asset, stocktake = AssetFactory(), StocktakeFactory()
    cases = [
        ("/api/v1/assets/stocktakes/", {"title": {"a": "b"}, "asset_ids": [asset.pk]}),
        (f"/api/v1/assets/stocktakes/{stocktake.pk}/reasons/", {}),
        (f"/api/v1/assets/stocktakes/{stocktake.pk}/reasons/", {"line": "x", "reason": ""}),
        (
            "/api/v1/assets/inspection-plans/",
            {"name": "n", "checklist": ["a"], "next_due": "2026-13-01"},
        ),
        ("/api/v1/assets/stocktake-plans/", {"title": ["t"], "frequency": "monthly"}),
        (f"/api/v1/assets/{asset.pk}/repairs/", {"fault": "坏了", "started_on": "2026-02-30"}),
        (f"/api/v1/assets/{asset.pk}/assign/", {"custodian": {"id": 1}}),
        (f"/api/v1/assets/{asset.pk}/dispose/", {"kind": "scrap", "reason": ["r"]}),
    ]
    for url, body in cases:
        response = client.post(url, body, format="json")
        assert response.status_code == 400, (url, body, response.content)
        assert response.json()["code"] == "invalid"


def test_a_user_without_name_and_email_is_refused(api_client_for, supervisor):
    response = api_client_for(supervisor).post(
        "/api/v1/org/users/",
        {"username": "newbie1", "roles": [], "department": None, "clearance": "internal"},
        format="json",
    )
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"name", "email"}


def test_a_sign_in_token_in_chinese_is_refused(api_client_for, employee):
    from zhongshu.meetings.tests.factories import AttendeeFactory, MeetingFactory

    meeting = MeetingFactory()
    AttendeeFactory(meeting=meeting, user=employee)
    response = api_client_for(employee).post(
        f"/api/v1/meetings/{meeting.pk}/checkin/", {"token": "签到"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"


@pytest.mark.parametrize(
    ("start", "end"),
    [
        ("2027-02-30T09:00:00+08:00", "2027-03-01T10:00:00+08:00"),
        ("9999-12-31T22:00:00+08:00", "9999-12-31T23:00:00+08:00"),
        ("9999-12-31T22:00:00-05:00", "9999-12-31T23:00:00-05:00"),
        ("0001-01-01T09:00:00+08:00", "0001-01-01T10:00:00+08:00"),
    ],
)
def test_impossible_meeting_times_are_bad_input(api_client_for, clerk, start, end):
    from zhongshu.meetings.tests.factories import MeetingFactory

    meeting = MeetingFactory(organiser=clerk, host=clerk)
    client = api_client_for(clerk)
    booked = client.post(
        "/api/v1/meetings/",
        {"title": "例会", "room": meeting.room_id, "start": start, "end": end},
        format="json",
    )
    assert booked.status_code == 400, booked.content
    moved = client.patch(f"/api/v1/meetings/{meeting.pk}/", {"start": start}, format="json")
    assert moved.status_code == 400, moved.content


def test_a_route_that_matches_nothing_answers_json_under_the_api(api_client_for, clerk, client):
    response = api_client_for(clerk).get("/api/v1/assets/null,null/")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert client.get("/no-such-page/").headers["Content-Type"].startswith("text/html")


def test_a_form_with_too_many_fields_is_bad_input(api_client_for, supervisor, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 10
    body = {"title": "t", "asset_ids": [str(n) for n in range(1, 20)]}
    response = api_client_for(supervisor).post("/api/v1/assets/stocktakes/", body)
    assert response.status_code == 400
    assert response.json()["code"] == "too_large"


# --- control characters: stripped from every text at input ----------------------------------


def test_control_characters_are_stripped_from_json_text(api_client_for, supervisor):
    from zhongshu.assets.tests.factories import AssetFactory

    asset = AssetFactory()
    client = api_client_for(supervisor)
    # Written out, as a client may send it: an unpaired surrogate cannot even be encoded.
    title = "盘点\\u0002\\u0000\\u001b[31m\\ud800"
    body = f'{{"title": "{title}", "asset_ids": [{asset.pk}]}}'
    created = client.post("/api/v1/assets/stocktakes/", body, content_type="application/json")
    assert created.status_code == 201, created.content
    assert created.json()["title"] == "盘点[31m"
    report = client.get(f"/api/v1/assets/stocktakes/{created.json()['id']}/report.xlsx")
    assert report.status_code == 200
    workbook = load_workbook(io.BytesIO(b"".join(report.streaming_content)))
    assert workbook.active is not None


def test_tab_and_line_breaks_are_kept(api_client_for, supervisor):
    from zhongshu.assets.tests.factories import AssetFactory

    response = api_client_for(supervisor).post(
        "/api/v1/assets/stocktakes/",
        {"title": "一\t二\r\n三", "asset_ids": [AssetFactory().pk]},
        format="json",
    )
    assert response.json()["title"] == "一\t二\r\n三"


def test_control_characters_are_stripped_from_forms(api_client_for, supervisor):
    from zhongshu.assets.tests.factories import AssetFactory

    asset = AssetFactory()
    for body_format in ("multipart", None):
        kwargs = {"format": body_format} if body_format else {}
        body = {"title": "表单\u0007", "asset_ids": [asset.pk]}
        if body_format is None:
            body = urlencode(body, doseq=True)
            kwargs = {"content_type": "application/x-www-form-urlencoded"}
        response = api_client_for(supervisor).post("/api/v1/assets/stocktakes/", body, **kwargs)
        assert response.status_code == 201, response.content
        assert response.json()["title"] == "表单"


def test_an_action_item_with_a_control_character_keeps_the_weekly_report(
    api_client_for, client, clerk, leader, employee
):
    from zhongshu.meetings.services import weekly_report, weekly_report_xlsx
    from zhongshu.meetings.tests.factories import AttendeeFactory, MeetingFactory

    meeting = MeetingFactory(organiser=clerk, host=leader)
    AttendeeFactory(meeting=meeting, user=employee)
    created = api_client_for(clerk).post(
        f"/api/v1/meetings/{meeting.pk}/actions/",
        {"title": "事项\u0002", "owner": employee.pk, "due_date": timezone.localdate().isoformat()},
        format="json",
    )
    assert created.status_code == 201, created.content
    assert created.json()["title"] == "事项"
    load_workbook(io.BytesIO(weekly_report_xlsx(weekly_report(week=None, by=leader))))
    client.force_login(leader)
    page = client.get(reverse("meetings:report"), {"format": "xlsx"})
    assert page.status_code == 200
    load_workbook(io.BytesIO(page.content))
