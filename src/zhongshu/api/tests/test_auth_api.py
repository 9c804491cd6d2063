from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from zhongshu.api.models import ApiToken, hash_token

pytestmark = pytest.mark.django_db


def test_token_is_issued_for_good_credentials_and_stored_hashed(clerk):
    response = APIClient().post(
        "/api/v1/auth/token/", {"username": "clerk", "password": "pw-12345678"}, format="json"
    )
    assert response.status_code == 201
    raw = response.json()["token"]
    stored = ApiToken.objects.get(user=clerk)
    assert stored.digest == hash_token(raw)
    assert raw not in (stored.digest, stored.prefix)


def test_bad_credentials_get_401_without_saying_which_part_was_wrong(clerk):
    wrong_password = APIClient().post(
        "/api/v1/auth/token/", {"username": "clerk", "password": "nope"}, format="json"
    )
    unknown_user = APIClient().post(
        "/api/v1/auth/token/", {"username": "nobody", "password": "nope"}, format="json"
    )
    assert wrong_password.status_code == unknown_user.status_code == 401
    assert wrong_password.json() == unknown_user.json()
    assert set(wrong_password.json()) == {"code", "detail"}


def test_missing_fields_are_a_400_with_code_and_detail():
    response = APIClient().post("/api/v1/auth/token/", {}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert "username" in body["detail"]


def test_anonymous_requests_get_401_json():
    response = APIClient().get("/api/v1/me/")
    assert response.status_code == 401
    assert set(response.json()) == {"code", "detail"}


def test_expired_and_revoked_tokens_are_refused(clerk):
    client = APIClient()
    token, raw = ApiToken.issue(clerk)
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert client.get("/api/v1/me/").status_code == 200

    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert client.get("/api/v1/me/").status_code == 401

    token2, raw2 = ApiToken.issue(clerk)
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw2}")
    assert client.delete("/api/v1/auth/token/").status_code == 204
    assert client.get("/api/v1/me/").status_code == 401
    token2.refresh_from_db()
    assert token2.revoked_at is not None


def test_a_disabled_users_token_stops_working_on_the_next_request(clerk):
    client = APIClient()
    _token, raw = ApiToken.issue(clerk)
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert client.get("/api/v1/me/").status_code == 200
    clerk.is_active = False
    clerk.save()
    assert client.get("/api/v1/me/").status_code == 401
