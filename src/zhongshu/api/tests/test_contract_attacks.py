"""The API answers as its contract says (hardening #16, #17, #19): file routes accept their own
media type, the asset number is `asset_number`, and the schema documents what the code does."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from zhongshu.api.renderers import CALENDAR, PDF, XLSX

pytestmark = pytest.mark.django_db


@pytest.fixture
def files_world(clerk, employee, supervisor):
    from zhongshu.assets.tests.factories import AssetFactory, StocktakeFactory
    from zhongshu.documents.services import document_register
    from zhongshu.meetings.tests.factories import AttendeeFactory, MeetingFactory

    item = document_register(
        by=clerk,
        subject="关于消防检查的通知",
        issuer="市应急管理局",
        kind="notice",
        level="internal",
    )
    meeting = MeetingFactory(organiser=clerk, host=clerk)
    AttendeeFactory(meeting=meeting, user=employee)
    asset = AssetFactory()
    return {
        "slip": (clerk, f"/api/v1/documents/incoming/{item.pk}/slip.pdf", PDF),
        "invite": (employee, f"/api/v1/meetings/{meeting.pk}/invite.ics", CALENDAR),
        "export": (supervisor, "/api/v1/assets/export.xlsx", XLSX),
        "labels": (supervisor, f"/api/v1/assets/labels.pdf?ids={asset.pk}", PDF),
        "template": (supervisor, "/api/v1/assets/import/template.xlsx", XLSX),
        "report": (
            supervisor,
            f"/api/v1/assets/stocktakes/{StocktakeFactory().pk}/report.xlsx",
            XLSX,
        ),
    }


@pytest.mark.parametrize("route", ["slip", "invite", "export", "labels", "template", "report"])
def test_file_routes_accept_their_own_media_type(api_client_for, files_world, route):
    user, url, media_type = files_world[route]
    client = api_client_for(user)
    for accept in (media_type, "*/*", f"{media_type}, application/json;q=0.5"):
        response = client.get(url, HTTP_ACCEPT=accept)
        assert response.status_code == 200, (accept, response.content[:200])
        assert response.headers["Content-Type"].startswith(media_type)


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/documents/incoming/999999/slip.pdf",
        "/api/v1/meetings/999999/invite.ics",
        "/api/v1/assets/stocktakes/999999/report.xlsx",
    ],
)
def test_a_refused_file_request_still_answers_json(api_client_for, clerk, url):
    media_type = {"pdf": PDF, "ics": CALENDAR, "xlsx": XLSX}[url.rsplit(".", 1)[1]]
    response = api_client_for(clerk).get(url, HTTP_ACCEPT=media_type)
    assert response.status_code == 404
    assert response.headers["Content-Type"] == "application/json"
    assert response.json()["code"] == "not_found"


def test_a_registered_asset_answers_its_asset_number(api_client_for, supervisor):
    from zhongshu.assets.tests.factories import CategoryFactory

    response = api_client_for(supervisor).post(
        "/api/v1/assets/",
        {"name": "笔记本电脑", "category": CategoryFactory().pk, "price": "8999.00"},
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["asset_number"].startswith("ZC-")
    assert body["number"] == body["asset_number"]


def test_a_patched_asset_answers_the_whole_card(api_client_for, supervisor):
    from zhongshu.assets.tests.factories import AssetFactory

    asset = AssetFactory()
    response = api_client_for(supervisor).patch(
        f"/api/v1/assets/{asset.pk}/", {"note": "已贴标签"}, format="json"
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["custodian_name"] is None
    assert body["note"] == "已贴标签"
    assert body["asset_number"] == asset.number


def test_a_room_answers_201_when_created(api_client_for, supervisor):
    response = api_client_for(supervisor).post(
        "/api/v1/meetings/rooms/",
        {"name": "第二会议室", "building": "总部", "location": "5楼", "capacity": 12},
        format="json",
    )
    assert response.status_code == 201, response.content


def test_an_upload_without_a_file_answers_the_documented_error(api_client_for, supervisor):
    from zhongshu.assets.tests.factories import StocktakeFactory

    client = api_client_for(supervisor)
    stocktake = StocktakeFactory()
    no_file = client.post("/api/v1/assets/import/", {}, format="multipart")
    assert no_file.status_code == 400
    assert {"code", "detail"} <= set(no_file.json())
    not_a_sheet = client.post(
        f"/api/v1/assets/stocktakes/{stocktake.pk}/scans/",
        {"file": SimpleUploadedFile("codes.bin", b"\x00\x01\x02")},
        format="multipart",
    )
    assert not_a_sheet.status_code == 400
    assert {"code", "detail"} <= set(not_a_sheet.json())


@pytest.fixture
def schema(client, supervisor):
    client.force_login(supervisor)
    return client.get("/api/schema/", {"format": "json"}).json()


def test_the_schema_documents_what_the_code_answers(schema):
    paths, components = schema["paths"], schema["components"]["schemas"]
    assert "201" in paths["/api/v1/meetings/rooms/"]["post"]["responses"]
    assert "201" in paths["/api/v1/documents/incoming/{id}/circulate/"]["post"]["responses"]
    assert components["Asset"]["properties"]["custodian_name"]["nullable"] is True
    assert "asset_number" in components["Asset"]["properties"]
    patched = paths["/api/v1/assets/{id}/"]["patch"]["requestBody"]["content"]
    patched_schema = patched["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
    assert "custodian_name" not in components[patched_schema].get("required", [])
    assert components["RequestDetail"]["properties"]["current_step"]["nullable"] is True
    assert components["Attendee"]["properties"]["user"]["nullable"] is True
    assert components["Task"]["properties"]["acting_for"]["nullable"] is True
    for path in ("/api/v1/assets/import/", "/api/v1/assets/stocktakes/{id}/scans/"):
        refused = paths[path]["post"]["responses"]["400"]["content"]["application/json"]
        assert refused["schema"]["$ref"].endswith("/AssetUploadError")
    assert components["AssetUploadError"]["required"] == ["code", "detail"]
    available = paths["/api/v1/meetings/rooms/available/"]["get"]["responses"]["200"]
    listed = available["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
    assert "results" in components[listed]["properties"]


def test_every_id_input_is_bounded_in_the_schema(schema):
    """Ids are documented with their BIGINT bound, so a client (or a fuzzer) knows the range."""
    components = schema["components"]["schemas"]
    for name in ("StocktakeCreateInput", "Circulate", "ScopeInput", "Book"):
        for field, spec in components[name]["properties"].items():
            items = spec.get("items", {})
            if items.get("type") == "integer":
                assert items["maximum"] == 2**63 - 1, (name, field)
