"""The people picker in the browser: a classified item's circulation offers only cleared people,
found by pinyin and initials; the reading order is the order chosen, also after dragging a name;
nothing breaks the Content-Security-Policy; it works the same on a phone."""

import re

import pytest
from playwright.sync_api import expect

from tests.conftest import screenshot
from tests.picker import focus_picker, pick, watch_csp

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def log_in(page, username, password="pw-12345678"):
    page.context.clear_cookies()
    page.goto(page.base_url + "/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.press("input[name=password]", "Enter")
    expect(page).to_have_url(re.compile(r"/$"))


@pytest.fixture
def secret_item(clerk, make_user):
    from zhongshu.documents.services import document_register

    make_user("zhangmin", "employee", department="sales", clearance="secret", name="张敏")
    make_user("zhangjing", "employee", department="sales", clearance="internal", name="张静")
    make_user("wangwei", "employee", department="sales_east", clearance="secret", name="王伟")
    return document_register(
        by=clerk,
        subject="关于核心技术转让的谈判纪要",
        issuer="集团公司总部",
        kind="minutes",
        level="secret",
        secrecy_years=5,
        urgency="normal",
    )


@pytest.mark.parametrize("viewport", [(1440, 900), (390, 844)], ids=["desktop", "phone"])
def test_circulation_picker(browser_page, clerk, employee, secret_item, viewport):
    from zhongshu.documents.models import RoutingSlip

    page = browser_page
    page.set_viewport_size({"width": viewport[0], "height": viewport[1]})
    csp_violations = watch_csp(page)
    log_in(page, "clerk")
    # The circulation form as a full page (the item's page opens the same form in a dialog,
    # walked in test_browser_documents).
    page.goto(page.base_url + f"/documents/incoming/{secret_item.pk}/circulate/")
    circulate = page.get_by_test_id("circulate-form")
    # Pinyin of the surname: only the colleague cleared for a secret item is offered.
    wrapper = focus_picker(circulate, "readers")
    options = wrapper.locator(".ts-dropdown .option")
    page.keyboard.type("zhang")
    expect(options.filter(has_text="张敏")).to_be_visible()
    expect(options.first).to_contain_text("销售部")
    expect(options.filter(has_text="张静")).to_have_count(0)
    screenshot(page, f"picker-circulation-{viewport[0]}")
    wrapper.locator(".ts-control input").evaluate("input => input.blur()")

    pick(circulate, "readers", "zm", "张敏")
    pick(circulate, "readers", "wangw", "王伟")
    chosen = wrapper.locator(".ts-control .item")
    expect(chosen).to_have_text([re.compile("张敏"), re.compile("王伟")])
    if viewport[0] > 500:
        # Drag 王伟 in front of 张敏: the reading order follows.
        chosen.nth(1).drag_to(chosen.nth(0))
        expect(chosen).to_have_text([re.compile("王伟"), re.compile("张敏")])
        expected = ["王伟", "张敏"]
    else:
        expected = ["张敏", "王伟"]
    circulate.locator("select[name=mode]").select_option("sequential")
    circulate.get_by_role("button", name="开始传阅").click()
    expect(page.locator(".alert-success")).to_contain_text("已发出传阅")
    slips = RoutingSlip.objects.filter(document=secret_item).order_by("position")
    assert [slip.reader.name for slip in slips] == expected
    assert csp_violations == []
