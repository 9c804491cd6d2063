import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db


def test_chinese_is_the_default_even_for_english_browsers(client, employee):
    client.force_login(employee)
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response.status_code == 200
    assert '<html lang="zh-hans">' in response.content.decode()


def test_the_language_switch_turns_english_on_and_off(client, employee):
    client.force_login(employee)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert '<html lang="en">' in client.get("/").content.decode()
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    assert '<html lang="zh-hans">' in client.get("/").content.decode()


def test_pages_send_a_csp_without_inline_script(client, employee):
    client.force_login(employee)
    response = client.get("/")
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_project_static_files_are_served(client):
    assert settings.STATICFILES_DIRS
    for path in ("/static/zhongshu/app.css", "/static/zhongshu/app.js"):
        response = client.get(path)
        assert response.status_code == 200, path


def test_anonymous_visitors_are_sent_to_login(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/accounts/login/")


def test_healthz_answers_without_login(client):
    assert client.get("/healthz").json() == {"status": "ok"}
