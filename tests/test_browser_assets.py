"""A logistics specialist registers, labels and assigns assets, runs a stocktake on a phone by
typing the numbers, reconciles, gets the adjustments approved and exports the report."""

import re

import pytest
from playwright.sync_api import expect

from tests.conftest import screenshot
from tests.picker import pick

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


def log_out(page):
    page.context.clear_cookies()


def open_dialog(page, button):
    """Click an action button of the card; its form opens in the dialog."""
    page.get_by_test_id(button).click()
    dialog = page.locator("#action-dialog")
    expect(dialog).to_be_visible()
    return dialog


def confirmed(page, text):
    """The dialog closed and the reloaded card starts with the confirmation."""
    expect(page.locator("#action-dialog")).to_be_hidden()
    expect(page.locator("#record .alert-success")).to_contain_text(text)


def test_register_label_assign_stocktake_and_report(browser_page, logistics, supervisor, employee):
    from zhongshu.assets.models import Asset, AssetStatus, Stocktake
    from zhongshu.assets.services import asset_register, category_create, location_create

    page = browser_page
    category = category_create(name="电子设备", code="IT", useful_life_months=36, by=logistics)
    building = location_create(name="总部大楼", kind="building", by=logistics)
    room = location_create(name="301室", parent=building, by=logistics)
    other = asset_register(name="投影仪", category=category, location=room, by=logistics)

    log_in(page, "logistics")
    page.goto(page.base_url + "/assets/new/")
    page.fill("input[name=name]", "笔记本电脑")
    page.select_option("select[name=category]", str(category.pk))
    page.fill("input[name=model]", "ThinkPad X1")
    page.fill("input[name=price]", "8999.00")
    page.select_option("select[name=location]", str(room.pk))
    screenshot(page, "assets-register")
    page.get_by_test_id("asset-form").locator("button[type=submit]").click()
    expect(page.get_by_test_id("asset-card")).to_contain_text("ThinkPad X1")
    laptop = Asset.objects.get(name="笔记本电脑")
    expect(page.get_by_test_id("asset-number")).to_have_text(laptop.number)

    dialog = open_dialog(page, "action-assign")
    form = dialog.get_by_test_id("assign-form")
    pick(form, "custodian", "liuyuan", "刘员工")
    form.locator("button[type=submit]").click()
    confirmed(page, f"已领用给刘员工：{laptop.number}")
    expect(page.get_by_test_id("asset-custodian")).to_have_text("刘员工")
    expect(page.get_by_test_id("asset-timeline")).to_contain_text("领用")
    screenshot(page, "assets-card")

    page.goto(page.base_url + "/assets/")
    expect(page.get_by_test_id("asset-table")).to_contain_text(laptop.number)
    page.check(f"input.asset-pick[value='{laptop.pk}']")
    with page.context.expect_page() as popup:
        page.get_by_test_id("print-labels").click()
    labels = popup.value
    labels.wait_for_load_state()
    assert f"ids={laptop.pk}" in labels.url
    labels.close()
    screenshot(page, "assets-ledger")

    page.goto(page.base_url + "/assets/stocktakes/new/")
    page.fill("input[name=title]", "三楼季度盘点")
    page.select_option("select[name=locations]", [str(room.pk)])
    page.get_by_test_id("stocktake-form").locator("button[type=submit]").click()
    stocktake = Stocktake.objects.get(title="三楼季度盘点")
    expect(page.get_by_test_id("stocktake-status")).to_be_visible()

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(page.base_url + f"/assets/stocktakes/{stocktake.pk}/scan/?location={room.pk}")
    page.fill("input[name=code]", laptop.number)
    page.get_by_test_id("scan-form").locator("button[type=submit]").click()
    expect(page.get_by_test_id("recent-scans")).to_contain_text(laptop.number)
    page.fill("input[name=code]", laptop.number)
    page.get_by_test_id("scan-form").locator("button[type=submit]").click()
    expect(page.get_by_test_id("recent-scans").locator(".badge").first).to_be_visible()
    page.fill("input[name=code]", "ZC-1999-000001")
    page.get_by_test_id("scan-form").locator("button[type=submit]").click()
    expect(page.locator(".alert-danger, .alert-error").first).to_contain_text("ZC-1999-000001")
    screenshot(page, "assets-phone-scan")

    page.set_viewport_size({"width": 1280, "height": 860})
    page.goto(page.base_url + f"/assets/stocktakes/{stocktake.pk}/")
    page.locator(f"form[action$='/stocktakes/{stocktake.pk}/reconcile/'] button").click()
    counts = page.get_by_test_id("stocktake-counts")
    expect(counts.locator("[data-result=matched]")).to_have_text("1")
    expect(counts.locator("[data-result=deficit]")).to_have_text("1")
    table = page.get_by_test_id("difference-table")
    expect(table).to_contain_text(other.number)
    table.locator("input[name=reason]").fill("借给分公司未归还")
    table.locator("button[type=submit]").click()
    page.on("dialog", lambda dialog: dialog.accept())
    page.locator(f"form[action$='/stocktakes/{stocktake.pk}/adjust/'] button").click()
    expect(page.get_by_test_id("stocktake-status")).to_contain_text("审批")
    screenshot(page, "assets-stocktake-reconciled")
    stocktake.refresh_from_db()

    log_out(page)
    log_in(page, "supervisor")
    page.goto(page.base_url + f"/workflow/requests/{stocktake.approval_id}/")
    page.get_by_test_id("decision-form").locator("button[value=approve]").click()
    other.refresh_from_db()
    assert other.status == AssetStatus.LOST

    log_out(page)
    log_in(page, "logistics")
    page.goto(page.base_url + f"/assets/stocktakes/{stocktake.pk}/")
    expect(page.get_by_test_id("stocktake-status")).to_contain_text("已结束")
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("Excel")).click()
    assert download.value.suggested_filename.endswith(".xlsx")
    screenshot(page, "assets-stocktake-closed")


def test_repair_inspection_idle_and_monthly_ledger(browser_page, logistics, supervisor, employee):
    import datetime

    from zhongshu.assets.models import Asset, AssetStatus, InspectionTask, Repair
    from zhongshu.assets.services import asset_register, category_create, location_create
    from zhongshu.assets.services.inspections import inspections_generate
    from zhongshu.assets.services.snapshots import ledger_snapshot_take

    page = browser_page
    page.on("dialog", lambda dialog: dialog.accept())
    category = category_create(name="空调", code="AC", useful_life_months=60, by=logistics)
    room = location_create(name="会议室", by=logistics)
    aircon = asset_register(name="格力空调", category=category, location=room, by=logistics)
    chair = asset_register(name="旧椅子", category=category, location=room, by=logistics)
    Asset.objects.filter(pk=chair.pk).update(
        status_changed_at=datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC)
    )
    today = datetime.date.today()
    ledger_snapshot_take(month=today.replace(day=1) - datetime.timedelta(days=1))

    log_in(page, "logistics")
    page.goto(page.base_url + f"/assets/{aircon.pk}/")
    form = open_dialog(page, "action-repair").get_by_test_id("repair-open-form")
    form.locator("textarea[name=fault]").fill("不制冷")
    form.locator("input[name=vendor]").fill("格力售后")
    form.locator("button[type=submit]").click()
    confirmed(page, f"已送修：{aircon.number}")
    expect(page.get_by_test_id("asset-status")).to_have_text("维修中")
    expect(page.get_by_test_id("action-repair")).to_have_count(0)
    close = open_dialog(page, "action-repair-close").get_by_test_id("repair-close-form")
    close.locator("input[name=cost]").fill("350.00")
    close.locator("textarea[name=result]").fill("补充冷媒")
    close.locator("button[type=submit]").click()
    confirmed(page, f"维修完成：{aircon.number}，费用 350.00 元")
    expect(page.get_by_test_id("asset-repairs")).to_contain_text("350.00")
    expect(page.get_by_test_id("asset-timeline")).to_contain_text("维修完成")
    screenshot(page, "assets-repair")

    page.goto(page.base_url + "/assets/inspections/plans/")
    plan_form = page.get_by_test_id("inspection-plan-form")
    plan_form.locator("input[name=name]").fill("空调月检")
    plan_form.locator("textarea[name=asset_numbers]").fill(aircon.number)
    plan_form.locator("textarea[name=checklist]").fill("滤网清洁\n制冷正常")
    pick(plan_form, "assignee", "zhaoh", "赵后勤")
    plan_form.locator("input[name=next_due]").fill(today.isoformat())
    plan_form.locator("button[type=submit]").click()
    expect(page.get_by_test_id("inspection-plans")).to_contain_text("空调月检")
    screenshot(page, "assets-inspection-plans")
    inspections_generate()
    task = InspectionTask.objects.get(asset=aircon)
    page.goto(page.base_url + "/assets/inspections/")
    page.get_by_test_id("inspection-tasks").get_by_role("link", name=aircon.number).click()
    inspection = page.get_by_test_id("inspection-form")
    inspection.get_by_label("滤网清洁").check()
    inspection.get_by_label("有不合格项时送修").check()
    screenshot(page, "assets-inspection-record")
    inspection.locator("button[type=submit]").click()
    task.refresh_from_db()
    assert task.result == "failed" and task.repair is not None
    assert Repair.objects.filter(asset=aircon, status="open").count() == 1

    page.goto(page.base_url + "/assets/idle/")
    idle = page.get_by_test_id("idle-table")
    expect(idle).to_contain_text(chair.number)
    screenshot(page, "assets-idle")
    idle.locator("tr", has_text=chair.number).get_by_role("button").click()
    expect(page.get_by_test_id("asset-number")).to_have_text(chair.number)
    assert chair.disposals.get().status == "pending"

    page.goto(page.base_url + "/assets/snapshots/")
    page.get_by_test_id("snapshot-take").click()
    expect(page.get_by_test_id("snapshot-summary")).to_contain_text("变动 1 项")
    expect(page.get_by_test_id("snapshot-changed")).to_contain_text(aircon.number)
    screenshot(page, "assets-monthly-ledger")
    assert Asset.objects.get(pk=aircon.pk).status == AssetStatus.UNDER_REPAIR
