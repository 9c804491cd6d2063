"""Sign-in, language switch, password change and reset, lock-out page."""

import pytest
from django.core import mail
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_login_page_in_chinese_by_default_with_language_switch(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'lang="zh-hans"' in html
    assert "中枢" in html
    assert reverse("set_language") in html
    assert 'value="en"' in html
    assert "style=" not in html


def test_switch_to_english_and_back(client):
    response = client.post(
        reverse("set_language"), {"language": "en", "next": reverse("login")}, follow=True
    )
    html = response.content.decode()
    assert 'lang="en"' in html
    assert 'value="zh-hans"' in html
    response = client.post(
        reverse("set_language"), {"language": "zh-hans", "next": reverse("login")}, follow=True
    )
    assert 'lang="zh-hans"' in response.content.decode()


def test_login_and_dashboard(client, supervisor):
    response = client.post(
        reverse("login"), {"username": "supervisor", "password": "pw-12345678"}, follow=True
    )
    assert response.status_code == 200
    assert response.wsgi_request.user == supervisor
    html = response.content.decode()
    assert "王主管" in html
    assert reverse("org:user_list") in html
    assert reverse("workflow:request_list") in html


def test_wrong_password_does_not_say_which_part_was_wrong(client, employee):
    wrong_password = client.post(reverse("login"), {"username": "employee", "password": "x"})
    unknown_user = client.post(reverse("login"), {"username": "nobody", "password": "x"})
    assert wrong_password.status_code == unknown_user.status_code == 200
    assert wrong_password.context["form"].non_field_errors() == (
        unknown_user.context["form"].non_field_errors()
    )
    assert not wrong_password.wsgi_request.user.is_authenticated


def test_password_change(client, employee):
    client.force_login(employee)
    assert client.get(reverse("password_change")).status_code == 200
    response = client.post(
        reverse("password_change"),
        {
            "old_password": "pw-12345678",
            "new_password1": "Green-Tea-2026!",
            "new_password2": "Green-Tea-2026!",
        },
    )
    assert response.status_code == 302
    employee.refresh_from_db()
    assert employee.check_password("Green-Tea-2026!")


def test_password_change_done_page(client, employee):
    client.force_login(employee)
    assert client.get(reverse("password_change_done")).status_code == 200


def test_password_reset_does_not_reveal_whether_email_exists(client, employee):
    known = client.post(reverse("password_reset"), {"email": "employee@example.com"}, follow=True)
    unknown = client.post(reverse("password_reset"), {"email": "ghost@example.com"}, follow=True)
    assert known.redirect_chain == unknown.redirect_chain
    assert [t.name for t in known.templates] == [t.name for t in unknown.templates]
    assert known.content.decode().count("<") == unknown.content.decode().count("<")
    assert len(mail.outbox) == 1
    assert reverse("password_reset_confirm", args=["x", "y"]).split("x/")[0] in mail.outbox[0].body


def test_password_reset_confirm_flow(client, employee):
    client.post(reverse("password_reset"), {"email": "employee@example.com"})
    link = next(line for line in mail.outbox[0].body.splitlines() if "/password/reset/" in line)
    path = link.split("testserver", 1)[1].strip()
    response = client.get(path, follow=True)
    assert response.context["validlink"]
    response = client.post(
        response.redirect_chain[-1][0],
        {"new_password1": "Blue-River-2026!", "new_password2": "Blue-River-2026!"},
        follow=True,
    )
    assert response.status_code == 200
    employee.refresh_from_db()
    assert employee.check_password("Blue-River-2026!")


def test_lockout_page_after_repeated_failures(client, settings, employee):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    for _attempt in range(3):
        client.post(reverse("login"), {"username": "employee", "password": "wrong"})
    response = client.post(reverse("login"), {"username": "employee", "password": "pw-12345678"})
    assert response.status_code == 429
    assert "registration/locked_out.html" in [t.name for t in response.templates]
    assert 'data-testid="locked-out"' in response.content.decode()
    assert not response.wsgi_request.user.is_authenticated


def test_a_locked_username_does_not_lock_colleagues_behind_the_same_address(
    client, settings, employee, clerk
):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    for _attempt in range(3):
        client.post(reverse("login"), {"username": "employee", "password": "wrong"})
    response = client.post(reverse("login"), {"username": "clerk", "password": "pw-12345678"})
    assert response.status_code == 302
    assert response.wsgi_request.user == clerk


def test_the_api_token_endpoint_is_throttled_too(settings, employee):
    from rest_framework.test import APIClient

    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    client = APIClient()
    for _attempt in range(3):
        client.post(
            "/api/v1/auth/token/", {"username": "employee", "password": "wrong"}, format="json"
        )
    response = client.post(
        "/api/v1/auth/token/", {"username": "employee", "password": "pw-12345678"}, format="json"
    )
    assert response.status_code == 429
    assert response.json()["code"] == "locked_out"
