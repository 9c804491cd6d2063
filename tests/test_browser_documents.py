"""The documents loop in the browser, in Chinese: register → propose → instruct → circulate →
sign in order → handle → archive; an outgoing document from draft to its 发文字号, numbered
copies and archive; borrowing an archived item."""

import re

import pytest
from playwright.sync_api import expect

from tests.conftest import screenshot
from tests.picker import pick, watch_csp

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


def open_dialog(page, button):
    """Click an action button of the item's page; its form opens in the dialog."""
    page.get_by_test_id(button).click()
    dialog = page.locator("#action-dialog")
    expect(dialog).to_be_visible()
    return dialog


def confirmed(page, text):
    """The dialog closed and the reloaded record starts with the confirmation."""
    expect(page.locator("#action-dialog")).to_be_hidden()
    expect(page.locator("#record .alert-success")).to_contain_text(text)


def open_item(page, subject):
    page.goto(page.base_url + "/documents/")
    page.get_by_test_id("incoming-table").get_by_role("row").filter(has_text=subject).get_by_role(
        "link"
    ).first.click()
    expect(page.locator("h1")).to_contain_text(subject)


def test_incoming_loop_in_chinese(browser_page, clerk, leader, dept_head, make_user, tmp_path):
    page = browser_page
    page.on("dialog", lambda dialog: dialog.accept())
    csp_violations = watch_csp(page)
    make_user("reader1", "employee", department="sales", name="王读者")
    make_user("reader2", "employee", department="sales", name="赵读者")
    subject = "关于开展2026年度消防安全检查的通知"
    scan = tmp_path / "通知正文.txt"
    scan.write_text("请各单位于月底前完成灭火器年检。", encoding="utf-8")

    # 收文: the clerk registers the item with its file.
    log_in(page, "clerk")
    page.goto(page.base_url + "/documents/")
    expect(page.get_by_role("heading", name="文件管理")).to_be_visible()
    page.get_by_role("link", name="登记收文").click()
    page.fill("#id_subject", subject)
    page.fill("#id_issuer", "市应急管理局")
    page.fill("#id_doc_number", "应急发〔2026〕8号")
    page.select_option("#id_kind", "notice")
    page.select_option("#id_urgency", "very_urgent")
    page.set_input_files("#id_file", str(scan))
    screenshot(page, "documents-register")
    page.get_by_role("button", name="登记").click()
    expect(page.locator(".alert-success")).to_contain_text("已登记")
    expect(page.get_by_role("link", name="通知正文.txt")).to_be_visible()

    # 拟办 to the leader, and 传阅 to two readers in order: each action is a dialog.
    expect(page.get_by_test_id("actions")).to_be_visible()
    propose = open_dialog(page, "action-propose").get_by_test_id("propose-form")
    propose.locator("select[name=action]").select_option("instruct")
    propose.locator("textarea[name=opinion]").fill("拟请张总阅示，建议由销售部牵头落实")
    pick(propose, "leader", "zhangz", "张总")
    propose.get_by_role("button", name="保存拟办意见").click()
    confirmed(page, "已呈张总批示")
    circulate = open_dialog(page, "action-circulate").get_by_test_id("circulate-form")
    # Chosen by pinyin and by initials; the reading order is the order chosen.
    pick(circulate, "readers", "wangdu", "王读者")
    pick(circulate, "readers", "zdz", "赵读者")
    circulate.locator("select[name=mode]").select_option("sequential")
    circulate.get_by_role("button", name="开始传阅").click()
    confirmed(page, "已发出传阅，2 人待阅")
    expect(page.get_by_test_id("slip-lines")).to_contain_text(re.compile("王读者.*赵读者", re.S))
    expect(page.get_by_test_id("timeline")).to_contain_text("开始传阅")
    screenshot(page, "documents-detail-clerk")

    # 批示: the form starts from the clerk's proposal; a department without a head is refused
    # in the dialog and the instruction typed so far stays.
    log_in(page, "leader")
    page.goto(page.base_url + "/workflow/inbox/")
    page.get_by_role("link", name=re.compile(subject)).first.click()
    dialog = open_dialog(page, "action-instruct")
    expect(dialog.get_by_test_id("proposal")).to_contain_text("拟请张总阅示")
    instruct = dialog.get_by_test_id("instruct-form")
    expect(instruct.locator("textarea[name=text]")).to_have_value(
        "拟请张总阅示，建议由销售部牵头落实"
    )
    instruct.locator("textarea[name=text]").fill("同意，请销售部牵头落实")
    pick(instruct, "lead", "xsb", "销售部")
    instruct.get_by_role("button", name="保存批示").click()
    confirmed(page, "批示已保存")

    # 传阅: the second reader must wait for the first.
    log_in(page, "reader2")
    page.goto(page.base_url + "/documents/slips/")
    expect(page.get_by_text("没有待阅文件")).to_be_visible()
    log_in(page, "reader1")
    page.goto(page.base_url + "/documents/slips/")
    page.get_by_role("link", name="阅签").click()
    sign = open_dialog(page, "action-sign").get_by_test_id("sign-form")
    sign.locator("textarea").fill("已阅，同意")
    sign.get_by_role("button", name="签阅").click()
    confirmed(page, "已签阅")
    expect(page.get_by_test_id("action-sign")).to_have_count(0)
    log_in(page, "reader2")
    page.goto(page.base_url + "/documents/slips/")
    page.get_by_role("link", name="阅签").click()
    open_dialog(page, "action-sign").get_by_role("button", name="签阅").click()
    confirmed(page, "已签阅")

    # 承办 → 办结: the department head reports.
    log_in(page, "dept_head")
    page.goto(page.base_url + "/workflow/inbox/")
    page.get_by_role("link", name=re.compile(subject)).first.click()
    report = open_dialog(page, "action-report").get_by_test_id("report-form")
    report.locator("textarea").fill("已完成全部检查")
    report.get_by_role("button", name="报告").click()
    confirmed(page, "办理结果已报告")

    # 归档: the clerk sees where it went and archives it.
    log_in(page, "clerk")
    open_item(page, subject)
    expect(page.get_by_test_id("timeline")).to_contain_text("办结")
    archive = open_dialog(page, "action-archive").get_by_test_id("archive-form")
    archive.locator("select[name=retention]").select_option("D30")
    archive.locator("input[name=paper_location]").fill("A柜3盒")
    archive.get_by_role("button", name="归档").click()
    confirmed(page, re.compile(r"已归档：Z001-WS·\d{4}-D30-BGS-0001"))
    expect(page.get_by_test_id("archive-number")).to_contain_text(
        re.compile(r"Z001-WS·\d{4}-D30-BGS-0001")
    )
    expect(page.get_by_test_id("action-archive")).to_have_count(0)
    screenshot(page, "documents-archived")
    with page.expect_download() as download:
        page.goto(page.base_url + "/documents/archive/")
        page.get_by_role("link", name="导出归档文件目录（Excel）").click()
    assert download.value.suggested_filename.endswith(".xlsx")

    # 搜索: a two-character word from the attached file finds it.
    page.goto(page.base_url + "/documents/search/?q=年检")
    expect(page.get_by_test_id("search-hit")).to_contain_text(subject)
    screenshot(page, "documents-search")
    assert csp_violations == []


def test_outgoing_from_draft_to_number(browser_page, clerk, leader, employee):
    page = browser_page
    page.on("dialog", lambda dialog: dialog.accept())
    log_in(page, "clerk")
    page.goto(page.base_url + "/documents/outgoing/new/")
    page.fill("#id_title", "关于调整办公区作息时间的通知")
    page.fill("#id_body", "各部门：自下月起作息时间调整为 8:30—17:30。")
    page.fill("#id_main_to", "公司各部门")
    pick(page, "recipients", "刘", "刘员工")
    page.get_by_role("button", name="送核稿").click()
    expect(page.get_by_test_id("outgoing-status")).to_have_text("核稿中")
    review = page.get_by_test_id("review-form")
    pick(review, "signer", "zz", "张总")
    review.get_by_role("button", name="送签发").click()
    expect(page.get_by_test_id("outgoing-status")).to_have_text("待签发")
    url = page.url

    log_in(page, "leader")
    page.goto(url)
    page.get_by_test_id("sign-off-form").get_by_role("button", name="签发").click()
    expect(page.get_by_test_id("outgoing-status")).to_have_text("已签发")

    log_in(page, "clerk")
    page.goto(url)
    page.get_by_test_id("issue-button").click()
    expect(page.get_by_test_id("outgoing-number")).to_have_text(re.compile(r"中枢发〔\d{4}〕1号"))
    register = page.get_by_test_id("copy-register")
    expect(register).to_contain_text("000001")
    expect(register).to_contain_text("公司各部门")
    screenshot(page, "documents-outgoing-issued")

    # 整理归档: the issued document joins the archive in the DA/T 22 sequence.
    archive = page.get_by_test_id("archive-form")
    archive.locator("select[name=retention]").select_option("D10")
    archive.get_by_role("button", name="归档").click()
    expect(page.get_by_test_id("archive-number")).to_contain_text(
        re.compile(r"Z001-WS·\d{4}-D10-BGS-0001")
    )
    expect(page.get_by_test_id("outgoing-status")).to_have_text("已归档")


def test_borrowing_an_archived_item(browser_page, clerk, leader, make_user):
    """借阅: the leader asks, the registry approves in the inbox, then confirms the return."""
    from datetime import timedelta

    from django.utils import timezone

    from zhongshu.documents import services
    from zhongshu.documents.models import Borrowing

    make_user("clerk2", "clerk", department="admin", name="钱文员")
    subject = "2025年度安全生产工作总结"
    item = services.document_register(
        by=clerk, subject=subject, issuer="市应急管理局", kind="report", level="public"
    )
    services.document_propose(document=item, action="inform", by=clerk)
    services.document_archive(
        document=item, retention="D30", category="WS", year=timezone.localdate().year, by=clerk
    )
    page = browser_page
    page.on("dialog", lambda dialog: dialog.accept())

    log_in(page, "leader")
    page.goto(page.base_url + f"/documents/incoming/{item.pk}/")
    borrow = open_dialog(page, "action-borrow").get_by_test_id("borrow-form")
    borrow.locator("textarea[name=purpose]").fill("编写年度安全报告时参考")
    return_by = timezone.localdate() + timedelta(days=7)
    borrow.locator("input[name=return_by]").fill(return_by.isoformat())
    borrow.get_by_role("button", name="申请借阅").click()
    confirmed(page, re.compile(r"借阅申请 \S+ 已提交审批"))
    borrowing = Borrowing.objects.get()
    expect(page.locator("#record .alert-success")).to_contain_text(borrowing.approval.number)
    expect(page.get_by_test_id("action-borrow")).to_have_count(0)

    log_in(page, "clerk")
    page.goto(page.base_url + f"/workflow/requests/{borrowing.approval_id}/")
    page.get_by_test_id("decision-form").locator("button[value=approve]").click()
    expect(page.locator(".alert-success")).to_be_visible()

    log_in(page, "leader")
    page.goto(page.base_url + "/documents/borrowings/")
    row = page.get_by_test_id(f"borrowing-{borrowing.pk}")
    expect(row).to_contain_text("已借出")
    expect(row).to_contain_text(return_by.isoformat())

    log_in(page, "clerk")
    page.goto(page.base_url + "/documents/borrowings/")
    page.get_by_test_id(f"borrowing-{borrowing.pk}").get_by_role("button", name="确认归还").click()
    expect(page.locator(".alert-success")).to_contain_text("已确认归还")
    expect(page.get_by_test_id(f"borrowing-{borrowing.pk}")).to_contain_text("已归还")
    screenshot(page, "documents-borrowing-returned")
