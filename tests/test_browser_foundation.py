"""A user's first minutes, in the browser: log in, switch language, open the to-do inbox."""

import re

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


def test_log_in_switch_language_and_open_the_inbox(browser_page, employee, dept_head):
    page = browser_page
    from zhongshu.workflow.services import approval_submit

    approval_submit(
        request_type="general", title="申请购买显示器", reason="旧显示器坏了", by=employee
    )

    log_in(page, "dept_head")
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(page.get_by_text("我的待办").first).to_be_visible()
    expect(page.get_by_test_id("inbox-count")).to_have_text("1")
    screenshot(page, "foundation-dashboard-zh")

    page.get_by_test_id("lang-switch").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("link", name=re.compile("To-do")).first).to_be_visible()
    screenshot(page, "foundation-dashboard-en")

    page.get_by_test_id("lang-switch").click()
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")

    page.click("#nav-inbox")
    expect(page).to_have_url(re.compile(r"/workflow/inbox/"))
    expect(page.get_by_role("link", name="申请购买显示器")).to_be_visible()
    screenshot(page, "foundation-inbox")


def test_wrong_password_shows_a_message_and_stays_on_login(browser_page, employee):
    page = browser_page
    log_in(page, "employee", password="wrong-password")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    expect(page.locator(".alert-danger, .errorlist").first).to_be_visible()
