"""Disabling a user or changing a clearance takes effect on the next request; disabling and
lowering end the sessions and tokens."""

import pytest
from django.urls import reverse

from zhongshu.org import services

pytestmark = pytest.mark.django_db


def test_disabled_user_session_is_logged_out_on_next_request(client, supervisor, employee):
    client.force_login(employee)
    assert client.get(reverse("org:profile")).status_code == 200
    services.user_disable(user=employee, by=supervisor)
    response = client.get(reverse("org:profile"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert not response.wsgi_request.user.is_authenticated


def test_lowered_clearance_ends_the_session(client, supervisor, clerk):
    client.force_login(clerk)
    first = client.get(reverse("org:profile"))
    assert first.wsgi_request.user.clearance.code == "secret"
    services.user_set_clearance(user=clerk, clearance="public", by=supervisor)
    second = client.get(reverse("org:profile"))
    assert second.status_code == 302
    assert not second.wsgi_request.user.is_authenticated


def test_raised_clearance_applies_on_next_request(client, supervisor, employee):
    client.force_login(employee)
    assert client.get(reverse("org:profile")).wsgi_request.user.clearance.code == "internal"
    services.user_set_clearance(user=employee, clearance="secret", by=supervisor)
    second = client.get(reverse("org:profile"))
    assert second.wsgi_request.user.clearance.code == "secret"
    assert second.context["profile_user"].clearance.code == "secret"


def test_removed_supervisor_role_applies_on_next_request(client, supervisor, make_user):
    other = make_user("boss2", "supervisor")
    client.force_login(other)
    assert client.get(reverse("org:user_list")).status_code == 200
    services.user_set_roles(user=other, roles=["employee"], by=supervisor)
    assert client.get(reverse("org:user_list")).status_code == 403


def test_disabled_user_api_token_is_refused(api_client_for, supervisor, employee):
    api = api_client_for(employee)
    response = api.get("/api/v1/me/")
    assert response.status_code == 200
    assert response.json()["username"] == "employee"
    services.user_disable(user=employee, by=supervisor)
    response = api.get("/api/v1/me/")
    assert response.status_code == 401


def test_lowered_clearance_ends_the_api_token(api_client_for, supervisor, clerk):
    """DESIGN.md: lowering a clearance revokes tokens and sessions at once."""
    api = api_client_for(clerk)
    assert api.get("/api/v1/me/").json()["clearance"] == "secret"
    services.user_set_clearance(user=clerk, clearance="internal", by=supervisor)
    assert api.get("/api/v1/me/").status_code == 401


def test_raised_clearance_seen_by_api_on_next_request(api_client_for, supervisor, employee):
    api = api_client_for(employee)
    services.user_set_clearance(user=employee, clearance="secret", by=supervisor)
    assert api.get("/api/v1/me/").json()["clearance"] == "secret"


def test_password_reset_by_supervisor_ends_sessions(client, supervisor, employee):
    client.force_login(employee)
    services.user_reset_password(user=employee, by=supervisor)
    response = client.get(reverse("org:profile"))
    assert response.status_code == 302
