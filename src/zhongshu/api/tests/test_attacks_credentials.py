"""Credentials through the API (hardening #3, #13): tokens end with the access they carried;
supervisors end a user's sessions; duplicate e-mail addresses are a 400."""

import pytest
from django.test import Client
from django.urls import reverse

from zhongshu.api.models import ApiToken
from zhongshu.audit.models import AuditEvent
from zhongshu.org import services
from zhongshu.org.models import User
from zhongshu.org.signals import AccessChange, user_access_reduced

pytestmark = pytest.mark.django_db


def end_sessions_url(user) -> str:
    return f"/api/v1/org/users/{user.pk}/end-sessions/"


@pytest.mark.parametrize("change", list(AccessChange))
def test_every_reduced_access_revokes_the_users_tokens(employee, clerk, change):
    ApiToken.issue(employee)
    ApiToken.issue(employee)
    ApiToken.issue(clerk)
    replies = user_access_reduced.send(sender=User, user=employee, change=change)
    assert sum(reply for _receiver, reply in replies) == 2
    assert not ApiToken.objects.usable().filter(user=employee).exists()
    assert ApiToken.objects.usable().filter(user=clerk).count() == 1


def test_a_lowered_clearance_through_the_api_ends_the_users_token(
    api_client_for, supervisor, clerk
):
    own = api_client_for(clerk)
    response = api_client_for(supervisor).patch(
        f"/api/v1/org/users/{clerk.pk}/", {"clearance": "public"}, format="json"
    )
    assert response.status_code == 200
    assert own.get("/api/v1/me/").status_code == 401


def test_a_supervisor_ends_a_users_sessions_and_tokens(api_client_for, supervisor, employee):
    own = api_client_for(employee)
    browser = Client()
    browser.force_login(employee)
    admin = api_client_for(supervisor)
    response = admin.post(end_sessions_url(employee))
    assert response.status_code == 204
    assert own.get("/api/v1/me/").status_code == 401
    page = browser.get(reverse("org:profile"))
    assert page.status_code == 302
    assert admin.get("/api/v1/me/").status_code == 200
    [event] = AuditEvent.objects.filter(action="org.user_sessions_ended")
    assert (event.actor_id, event.object_id) == (supervisor.pk, str(employee.pk))


def test_ending_sessions_is_for_supervisors_only(api_client_for, employee, clerk):
    target = api_client_for(clerk)
    response = api_client_for(employee).post(end_sessions_url(clerk))
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    assert target.get("/api/v1/me/").status_code == 200
    missing = api_client_for(employee).post("/api/v1/org/users/99999999999/end-sessions/")
    assert missing.status_code == 403


def test_ending_sessions_of_an_unknown_user_is_404(api_client_for, supervisor):
    response = api_client_for(supervisor).post("/api/v1/org/users/999999/end-sessions/")
    assert response.status_code == 404
    assert set(response.json()) == {"code", "detail"}


def test_ending_sessions_is_a_post(api_client_for, supervisor, employee):
    assert api_client_for(supervisor).get(end_sessions_url(employee)).status_code == 405


def test_a_duplicate_address_is_a_400_when_creating(api_client_for, supervisor, clerk, company):
    response = api_client_for(supervisor).post(
        "/api/v1/org/users/",
        {
            "username": "newbie",
            "name": "新同事",
            "email": "CLERK@example.com",
            "department": company["sales"].pk,
            "roles": ["employee"],
            "clearance": "internal",
        },
        format="json",
    )
    assert response.status_code == 400
    assert (response.json()["code"], response.json()["field"]) == ("duplicate_email", "email")
    assert not User.objects.filter(username="newbie").exists()


def test_a_duplicate_address_is_a_400_when_changing(api_client_for, supervisor, employee):
    response = api_client_for(supervisor).patch(
        f"/api/v1/org/users/{employee.pk}/", {"email": "Supervisor@example.com"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "duplicate_email"
    assert User.objects.get(pk=employee.pk).email == "employee@example.com"


def test_the_schema_documents_end_sessions(client, supervisor):
    client.force_login(supervisor)
    schema = client.get("/api/schema/", {"format": "json"}).json()
    operation = schema["paths"]["/api/v1/org/users/{id}/end-sessions/"]["post"]
    assert "204" in operation["responses"]
    assert services.user_sessions_end.__doc__
