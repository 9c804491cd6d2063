"""The page shell in a browser: the API docs render under the CSP from same-origin files, the
phone menu holds only what the role may open, and an error page keeps the shell around it."""

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.conftest import screenshot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def log_in(page, username, password="pw-12345678"):
    page.goto(page.base_url + "/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.press("input[name=password]", "Enter")
    expect(page).to_have_url(re.compile(r"/$"))


def test_api_docs_render_from_same_origin_scripts(browser_page, supervisor):
    page = browser_page
    blocked = []
    page.on("console", lambda message: message.type == "error" and blocked.append(message.text))
    log_in(page, "supervisor")
    page.click("#sidenav >> text=API 文档")
    expect(page).to_have_url(re.compile(r"/api/docs/$"))
    # The schema of every route is generated on the first request: give it time.
    expect(page.locator("#swagger-ui .opblock").first).to_be_visible(timeout=60000)
    assert page.locator("#swagger-ui .opblock").count() > 50
    scripts = page.eval_on_selector_all(
        "script", "nodes => nodes.map(n => ({src: n.src, inline: n.textContent.trim()}))"
    )
    assert scripts and all(script["src"] and not script["inline"] for script in scripts)
    origin = urlsplit(page.base_url).netloc
    assert {urlsplit(script["src"]).netloc for script in scripts} == {origin}
    assert not [text for text in blocked if "Content Security Policy" in text], blocked
    screenshot(page, "shell-api-docs")


def test_phone_menu_and_error_page_for_an_employee(browser_page, employee):
    page = browser_page
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, "employee")
    page.click("button[data-bs-target='#sidenav']")
    menu = page.locator("#sidenav")
    expect(menu.get_by_role("link", name="资产台账")).to_be_visible()
    for hidden in ("归档", "资产调拨", "资产盘点", "API 文档"):
        expect(menu.get_by_role("link", name=hidden, exact=True)).to_have_count(0)
    menu.get_by_role("link", name="文件管理").click()
    expect(page.get_by_test_id("module-pages")).to_be_visible()
    expect(page.locator("#sidenav .nav-section.active")).to_have_text("文件管理")

    page.goto(page.base_url + "/documents/archive/")
    expect(page.get_by_role("heading", name="您无权打开此页面")).to_be_visible()
    expect(page.get_by_test_id("error-dashboard")).to_be_visible()
    screenshot(page, "shell-403-phone")
    page.get_by_test_id("error-dashboard").click()
    expect(page.get_by_test_id("greeting")).to_be_visible()
