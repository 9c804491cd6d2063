"""Error pages speak Chinese (or English) inside the site shell; the API keeps its JSON."""

import io
import logging

import pytest
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy

from zhongshu.core.error_pages import server_error, shown_reason

pytestmark = pytest.mark.django_db

SHELL = 'id="sidenav"'


def test_404_inside_the_shell_in_chinese_and_english(client, employee):
    client.force_login(employee)
    response = client.get("/no-such-page/", HTTP_REFERER="http://testserver/meetings/")
    page = response.content.decode()
    assert response.status_code == 404
    assert "页面不存在" in page and SHELL in page
    assert 'href="http://testserver/meetings/"' in page  # back to where the user came from
    assert f'href="{reverse("dashboard")}"' in page
    client.post(reverse("set_language"), {"language": "en"})
    page = client.get("/no-such-page/").content.decode()
    assert "Page not found" in page and SHELL in page


def test_404_for_visitors_who_are_not_signed_in(client):
    response = client.get("/no-such-page/")
    page = response.content.decode()
    assert response.status_code == 404
    assert "页面不存在" in page and SHELL not in page
    assert f'href="{reverse("login")}"' in page


def test_403_shows_the_translated_reason(client, employee):
    client.force_login(employee)
    response = client.get(reverse("assets:create"))  # ensure(): "You are not allowed to do this."
    page = response.content.decode()
    assert response.status_code == 403
    assert "您无权打开此页面" in page and SHELL in page
    assert 'data-testid="error-reason"' in page
    assert "您无权执行此操作。" in page


def test_403_without_a_message_shows_no_reason(client, employee):
    client.force_login(employee)
    response = client.get(reverse("documents:archive_list"))  # a bare PermissionDenied
    page = response.content.decode()
    assert response.status_code == 403
    assert "您无权打开此页面" in page and 'data-testid="error-reason"' not in page
    # The section is marked, but not the 收文 link whose path the archive sits under.
    assert "nav-link active" not in page and 'data-section="documents" data-current' in page


def test_only_translated_messages_are_shown_as_reasons():
    with translation.override("zh-hans"):
        assert shown_reason(PermissionDenied(gettext_lazy("You are not allowed to do this.")))
        translated = str(gettext_lazy("Only the drafter can revise this draft."))
        assert shown_reason(PermissionDenied(translated)) == translated
        assert shown_reason(PermissionDenied("row 42 belongs to tenant 7")) == ""
        assert shown_reason(PermissionDenied()) == ""
        assert shown_reason(None) == ""


def test_400_inside_the_shell(client, employee, monkeypatch):
    def suspicious(*args, **kwargs):
        raise SuspiciousOperation("too many fields")

    monkeypatch.setattr("zhongshu.home.views.todo_summary", suspicious)
    client.force_login(employee)
    response = client.get(reverse("dashboard"))
    page = response.content.decode()
    assert response.status_code == 400
    assert "无法处理该请求" in page and SHELL in page
    assert "too many fields" not in page


def test_400_for_an_unknown_host_says_what_to_do(client, employee):
    """Refused before sign-in is known (the Host is checked first): the page without a menu."""
    client.force_login(employee)
    response = client.get("/", HTTP_HOST="192.168.9.9:9000")
    page = response.content.decode()
    assert response.status_code == 400
    assert "无法处理该请求" in page and "ALLOWED_HOSTS" in page and "192.168.9.9:9000" in page


def test_500_inside_the_shell(rf, employee):
    request = rf.get("/meetings/")
    request.user = employee
    response = server_error(request)
    page = response.content.decode()
    assert response.status_code == 500
    assert "出错了" in page and SHELL in page


def test_500_without_the_shell_when_the_shell_fails(rf, employee, monkeypatch):
    def broken(request):
        raise RuntimeError("database is down")

    monkeypatch.setattr("zhongshu.core.error_pages._back_url", broken)
    request = rf.get("/meetings/")
    request.user = employee
    response = server_error(request)
    assert response.status_code == 500
    assert "出错了" in response.content.decode()


def test_a_failing_view_answers_the_500_page(client, employee, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("zhongshu.home.views.todo_summary", broken)
    client.raise_request_exception = False
    client.force_login(employee)
    response = client.get(reverse("dashboard"))
    assert response.status_code == 500
    assert "出错了" in response.content.decode()


def test_csrf_failure_page(employee):
    client = Client(enforce_csrf_checks=True)
    client.force_login(employee)
    response = client.post(reverse("notices:read_all"))
    page = response.content.decode()
    assert response.status_code == 403
    assert "表单已失效" in page and SHELL in page


def test_api_errors_stay_json(client, employee):
    client.force_login(employee)
    response = client.get("/api/v1/no-such-thing/")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    response = client.get(reverse("audit-event-list"))
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"


def test_a_refusal_is_logged_in_one_line_without_traceback(client, employee):
    handler = logging.getLogger("django").handlers[0]
    stream = io.StringIO()
    previous = handler.setStream(stream)
    try:
        client.force_login(employee)
        assert client.get(reverse("assets:create")).status_code == 403
    finally:
        handler.setStream(previous)
    logged = stream.getvalue()
    assert "Forbidden (Permission denied): /assets/new/" in logged
    assert "Traceback" not in logged
