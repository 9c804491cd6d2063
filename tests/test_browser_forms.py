"""Forms that write are sent once, however impatiently the button is clicked (hardening #12)."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_second_submit_of_a_writing_form_is_held_back(browser_page, employee):
    page = browser_page
    page.goto(page.base_url + "/accounts/login/")
    page.fill("input[name=username]", "employee")
    page.fill("input[name=password]", "pw-12345678")
    page.press("input[name=password]", "Enter")
    expect(page).to_have_url(re.compile(r"/$"))

    page.goto(page.base_url + "/workflow/requests/new/")
    page.fill("input[name=title]", "申请一台投影仪")
    # Two submissions in a row, as an impatient double click makes them; count those that the
    # page lets through (a listener on window runs after the page's own document listeners).
    sent = page.evaluate(
        """() => {
            let sent = 0;
            window.addEventListener("submit", (event) => {
                if (!event.defaultPrevented) { sent += 1; }
                event.preventDefault();
            });
            const form = document.querySelector("form[enctype]");
            const button = form.querySelector("button[type=submit]");
            form.requestSubmit(button);
            form.requestSubmit(button);
            return sent;
        }"""
    )
    assert sent == 1
    expect(page.locator("form[enctype] button[type=submit]")).to_have_class(re.compile("disabled"))


def test_a_filter_form_is_never_held_back(browser_page, employee):
    page = browser_page
    page.goto(page.base_url + "/accounts/login/")
    page.fill("input[name=username]", "employee")
    page.fill("input[name=password]", "pw-12345678")
    page.press("input[name=password]", "Enter")
    expect(page).to_have_url(re.compile(r"/$"))
    page.goto(page.base_url + "/workflow/requests/")
    sent = page.evaluate(
        """() => {
            let sent = 0;
            window.addEventListener("submit", (event) => {
                if (!event.defaultPrevented) { sent += 1; }
                event.preventDefault();
            });
            const form = document.querySelector("form[method=get]");
            form.requestSubmit();
            form.requestSubmit();
            return sent;
        }"""
    )
    assert sent == 2
