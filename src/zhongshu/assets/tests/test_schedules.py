"""Inspections, the monthly snapshot and its diff, scheduled stocktakes, search indexing."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from openpyxl import load_workbook

from zhongshu.assets.models import (
    Asset,
    AssetStatus,
    InspectionResult,
    InspectionTask,
    LedgerSnapshot,
    Repair,
    SnapshotRow,
    Stocktake,
    StocktakePlan,
)
from zhongshu.assets.services import (
    asset_assign,
    asset_return,
    asset_update,
    snapshots,
    stocktake_plans,
)
from zhongshu.assets.services import inspections as insp
from zhongshu.audit.models import AuditEvent
from zhongshu.core.errors import Conflict, ServiceError
from zhongshu.notices.models import Notification
from zhongshu.workflow.models import Deadline

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def _plan(logistics, category, **extra):
    values = {
        "name": "电脑月检",
        "checklist": "外观完好\n能正常开机",
        "assignee": logistics,
        "next_due": TODAY,
        "category": category,
        "by": logistics,
    }
    values.update(extra)
    return insp.inspection_plan_create(**values)


def test_add_months_clamps_month_end():
    assert insp.add_months(datetime.date(2026, 1, 31), 1) == datetime.date(2026, 2, 28)
    assert insp.add_months(datetime.date(2026, 11, 15), 3) == datetime.date(2027, 2, 15)


def test_plan_refusals(logistics, employee, category, make_asset):
    with pytest.raises(PermissionDenied):
        _plan(logistics, category, by=employee)
    with pytest.raises(ServiceError):
        _plan(logistics, category, checklist="  \n ")
    with pytest.raises(ServiceError):
        _plan(logistics, None)
    with pytest.raises(ServiceError):
        _plan(logistics, category, assets=[make_asset()])
    with pytest.raises(ServiceError):
        _plan(logistics, category, assignee=employee)
    with pytest.raises(ServiceError):
        _plan(logistics, category, every=0)


def test_generate_is_idempotent_and_sets_deadline(logistics, category, make_asset):
    first, second = make_asset(), make_asset(name="显示器")
    plan = _plan(logistics, category, unit="days", every=7)
    assert insp.inspections_generate() == 2
    assert insp.inspections_generate() == 0
    plan.refresh_from_db()
    assert plan.next_due == TODAY + datetime.timedelta(days=7)
    tasks = InspectionTask.objects.filter(plan=plan)
    assert sorted(tasks.values_list("asset_id", flat=True)) == sorted([first.pk, second.pk])
    deadline = Deadline.objects.get(kind=insp.DEADLINE_KIND)
    assert deadline.owner == logistics and deadline.done_at is None
    # A week later the next round opens; a missed job run catches up, one round per period.
    assert insp.inspections_generate(today=TODAY + datetime.timedelta(days=14)) == 4
    assert tasks.count() == 6


def test_record_failed_opens_repair_and_closes_deadline(logistics, category, make_asset):
    asset = make_asset()
    plan = _plan(logistics, category)
    insp.inspections_generate()
    task = InspectionTask.objects.get(plan=plan)
    with pytest.raises(ServiceError):
        insp.inspection_record(task=task, answers={"外观完好": True}, by=logistics)
    task = insp.inspection_record(
        task=task,
        answers={"外观完好": True, "能正常开机": False},
        note="电源故障",
        open_repair=True,
        by=logistics,
    )
    assert task.result == InspectionResult.FAILED
    assert task.answers[1] == {"item": "能正常开机", "ok": False}
    repair = Repair.objects.get(asset=asset)
    assert task.repair == repair and "能正常开机" in repair.fault
    assert Asset.objects.get(pk=asset.pk).status == AssetStatus.UNDER_REPAIR
    assert Deadline.objects.get(kind=insp.DEADLINE_KIND).done_at is not None
    with pytest.raises(Conflict):
        insp.inspection_record(task=task, answers={}, by=logistics)
    assert AuditEvent.objects.filter(action="assets.inspection_recorded").count() == 1


def test_record_refused_to_others_and_stop_plan(logistics, employee, category, make_asset):
    make_asset()
    plan = _plan(logistics, category)
    insp.inspections_generate()
    task = InspectionTask.objects.get()
    with pytest.raises(PermissionDenied):
        insp.inspection_record(task=task, answers={"外观完好": 1, "能正常开机": 1}, by=employee)
    insp.inspection_plan_stop(plan=plan, by=logistics)
    with pytest.raises(Conflict):
        insp.inspection_plan_stop(plan=plan, by=logistics)
    assert insp.inspections_generate(today=TODAY + datetime.timedelta(days=100)) == 0


def test_snapshot_and_diff(logistics, make_asset, employee, rooms, monkeypatch):
    kept, moved, gone = make_asset(name="椅子"), make_asset(name="桌子"), make_asset(name="柜子")
    last = snapshots.ledger_snapshot_take(month=TODAY.replace(day=1) - datetime.timedelta(1))
    assert last.assets == 3 and last.month.day == 1
    asset_assign(asset=moved, custodian=employee, by=logistics)
    asset_update(asset=kept, location=rooms[1], by=logistics)
    Asset.objects.filter(pk=gone.pk).update(status=AssetStatus.DISPOSED)
    new = make_asset(name="新电脑")
    current = snapshots.ledger_snapshot_take(by=logistics)
    assert snapshots.ledger_snapshot_take(by=logistics).pk == current.pk  # replaced, not added
    summary = snapshots.diff_summary(current)
    assert (summary["added"], summary["removed"], summary["changed"]) == (1, 1, 2)
    assert [row.number for row in snapshots.added(current, last)] == [new.number]
    assert [row.number for row in snapshots.removed(current, last)] == [gone.number]
    changes = {number: fields for number, _name, fields in snapshots.changed(current, last)}
    assert [after for _label, _before, after in changes[moved.number]] == [
        "刘员工",
        "华东销售组",
        str(AssetStatus.IN_USE.label),
    ]
    assert changes[kept.number][0][1:] == ("总部大楼 / 101室", "总部大楼 / 102室")
    sheet = load_workbook(snapshots.diff_export(snapshot=current, by=logistics)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 1 + 1 + 1 + 4  # header, added, removed, 4 changed fields
    with pytest.raises(PermissionDenied):
        snapshots.ledger_snapshot_take(by=employee)
    assert LedgerSnapshot.objects.count() == 2


def test_snapshot_diff_names_a_renamed_and_repriced_asset(logistics, make_asset):
    renamed, repriced = make_asset(name="椅子"), make_asset(name="投影仪")
    last = snapshots.ledger_snapshot_take(month=TODAY.replace(day=1) - datetime.timedelta(1))
    asset_update(asset=renamed, name="人体工学椅", by=logistics)
    asset_update(asset=repriced, price=Decimal("7500.50"), by=logistics)
    current = snapshots.ledger_snapshot_take(by=logistics)
    changes = {number: fields for number, _name, fields in snapshots.changed(current, last)}
    assert changes == {
        renamed.number: [("名称", "椅子", "人体工学椅")],
        repriced.number: [("原值", "8999.00", "7500.50")],
    }
    # A snapshot taken before prices were kept compares names, places and people only.
    SnapshotRow.objects.filter(snapshot=last).update(price=None)
    assert snapshots.changed_count(current, last) == 1


def test_snapshot_pages(client, logistics, make_asset, auditor):
    make_asset()
    client.force_login(logistics)
    response = client.post("/assets/snapshots/take/")
    snapshot = LedgerSnapshot.objects.get()
    assert response.status_code == 302 and snapshot.assets == 1
    assert client.get(f"/assets/snapshots/{snapshot.pk}/").status_code == 200
    client.force_login(auditor)
    assert client.get("/assets/snapshots/").status_code == 200
    assert client.post("/assets/snapshots/take/").status_code == 403
    excel = client.get(f"/assets/snapshots/{snapshot.pk}/changes.xlsx")
    assert excel.status_code == 200


def test_stocktake_plan_runs_on_schedule(logistics, make_asset, company, employee):
    make_asset()
    with pytest.raises(ServiceError):
        stocktake_plans.stocktake_plan_create(
            title="季度盘点", frequency="quarterly", next_run=TODAY, by=logistics
        )
    with pytest.raises(PermissionDenied):
        stocktake_plans.stocktake_plan_create(
            title="季度盘点",
            frequency="quarterly",
            next_run=TODAY,
            departments=[company["admin"].pk],
            by=employee,
        )
    plan = stocktake_plans.stocktake_plan_create(
        title="季度盘点",
        frequency="quarterly",
        next_run=TODAY,
        departments=[company["admin"].pk],
        by=logistics,
    )
    assert stocktake_plans.stocktake_plans_run() == 1
    assert stocktake_plans.stocktake_plans_run() == 0
    plan.refresh_from_db()
    stocktake = Stocktake.objects.get()
    assert plan.last_stocktake == stocktake and stocktake.lines.count() == 1
    assert plan.next_run == insp.add_months(TODAY, 3)
    assert Notification.objects.filter(recipient=logistics, kind="assets.stocktake_plan").exists()
    stocktake_plans.stocktake_plan_stop(plan=plan, by=logistics)
    assert stocktake_plans.stocktake_plans_run(today=plan.next_run) == 0
    assert StocktakePlan.objects.get().is_active is False


def test_stocktake_plan_with_empty_scope_tells_author(logistics, company):
    plan = stocktake_plans.stocktake_plan_create(
        title="分公司盘点",
        frequency="half_yearly",
        next_run=TODAY,
        departments=[company["branch"].pk],
        by=logistics,
    )
    assert stocktake_plans.stocktake_plans_run() == 0
    plan.refresh_from_db()
    assert plan.next_run == insp.add_months(TODAY, 6) and Stocktake.objects.count() == 0
    assert Notification.objects.filter(recipient=logistics, kind="assets.stocktake_plan").exists()


def test_assets_are_searchable_within_visibility(make_asset, logistics, employee, outsider):
    from zhongshu.search.services import search

    asset = make_asset(name="投影仪", serial_number="XJ-778899")
    asset_assign(asset=asset, custodian=employee, by=logistics)
    assert [hit.title for hit in search(logistics, "投影仪", types=["assets.asset"])] == [
        f"{asset.number} 投影仪"
    ]
    assert len(search(employee, "投影仪", types=["assets.asset"])) == 1
    assert search(outsider, "投影仪", types=["assets.asset"]) == []
    asset_return(asset=asset, by=logistics)
    assert search(employee, "投影仪", types=["assets.asset"]) == []


def test_inspection_pages(client, logistics, make_asset, category, employee):
    asset = make_asset()
    client.force_login(logistics)
    response = client.post(
        "/assets/inspections/plans/",
        {
            "name": "周检",
            "category": category.pk,
            "asset_numbers": "",
            "every": 1,
            "unit": "days",
            "checklist": "外观完好\n能开机",
            "assignee": logistics.pk,
            "next_due": TODAY.isoformat(),
        },
    )
    assert response.status_code == 302
    insp.inspections_generate()
    task = InspectionTask.objects.get(asset=asset)
    page = client.get(f"/assets/inspections/{task.pk}/")
    assert page.status_code == 200 and "能开机" in page.content.decode()
    response = client.post(f"/assets/inspections/{task.pk}/", {"item_0": "on", "item_1": "on"})
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.result == InspectionResult.PASSED
    listing = client.get("/assets/inspections/?done=1").content.decode()
    assert asset.number in listing
    client.force_login(employee)
    assert client.get(f"/assets/inspections/{task.pk}/").status_code == 404


def test_stocktake_plan_page(client, logistics, company):
    client.force_login(logistics)
    response = client.post(
        "/assets/stocktake-plans/",
        {
            "title": "季度盘点",
            "frequency": "quarterly",
            "next_run": TODAY.isoformat(),
            "departments": [company["admin"].pk],
        },
    )
    assert response.status_code == 302
    plan = StocktakePlan.objects.get()
    assert "季度盘点" in client.get("/assets/stocktake-plans/").content.decode()
    client.post(f"/assets/stocktake-plans/{plan.pk}/stop/")
    plan.refresh_from_db()
    assert plan.is_active is False
