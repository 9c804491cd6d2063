"""Malformed input answers a JSON 400, never a server error (hardening #10, #19)."""

import base64

import pytest
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
