import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from zhongshu.assets import services
from zhongshu.assets.models import Asset, AssetEvent, AssetStatus, Transfer, TransferStatus
from zhongshu.audit.models import AuditEvent
from zhongshu.core.errors import Conflict, ServiceError

pytestmark = pytest.mark.django_db


def test_register_numbers_and_records(make_asset, logistics):
    first, second = make_asset(), make_asset(name="打印机")
    year = datetime.date.today().year
    assert first.number == f"ZC-{year}-000001"
    assert second.number == f"ZC-{year}-000002"
    assert first.status == AssetStatus.IDLE and first.price == Decimal("8999.00")
    assert list(first.events.values_list("kind", flat=True)) == ["registered"]
    assert AuditEvent.objects.filter(action="assets.asset_registered").count() == 2


def test_register_refused_for_employee_and_bad_price(employee, category, logistics):
    with pytest.raises(PermissionDenied):
        services.asset_register(name="椅子", category=category, by=employee)
    with pytest.raises(ServiceError):
        services.asset_register(name="椅子", category=category, price="abc", by=logistics)
    assert Asset.objects.count() == 0


def test_assign_return_timeline(make_asset, logistics, employee, company):
    asset = services.asset_assign(asset=make_asset(), custodian=employee, by=logistics)
    assert asset.status == AssetStatus.IN_USE
    assert asset.custodian == employee and asset.department == company["sales_east"]
    with pytest.raises(Conflict):
        services.asset_assign(asset=asset, custodian=employee, by=logistics)
    asset = services.asset_return(asset=asset, by=logistics)
    assert asset.custodian is None and asset.status == AssetStatus.IDLE
    kinds = list(asset.events.order_by("id").values_list("kind", flat=True))
    assert kinds == ["registered", "assigned", "returned"]
    with pytest.raises(Conflict):
        services.asset_return(asset=asset, by=logistics)


def test_transfer_needs_receiving_head(make_asset, logistics, dept_head, company, outsider):
    asset = make_asset()
    transfer = services.asset_transfer(asset=asset, to_department=company["sales"], by=logistics)
    assert Asset.objects.get(pk=asset.pk).department == company["admin"]
    with pytest.raises(Conflict):
        services.asset_transfer(asset=asset, to_department=company["sales"], by=logistics)
    with pytest.raises(PermissionDenied):
        services.transfer_acknowledge(transfer=transfer, by=outsider)
    services.transfer_acknowledge(transfer=transfer, by=dept_head)
    asset.refresh_from_db()
    assert asset.department == company["sales"]
    assert Transfer.objects.get().status == TransferStatus.ACCEPTED
    assert asset.events.filter(kind="transferred").exists()
    with pytest.raises(Conflict):
        services.transfer_refuse(transfer=transfer, by=dept_head)


def _approve(approval, supervisor):
    from zhongshu.workflow.services import approval_decide

    task = approval.tasks.get(assignee=supervisor)
    approval_decide(task=task, decision="approve", by=supervisor)


def test_dispose_through_approval_then_transfer_refused(make_asset, logistics, supervisor, company):
    asset = make_asset()
    disposal = services.asset_dispose(
        asset=asset, kind="scrap", reason="损坏无法修复", by=logistics
    )
    assert disposal.approval.request_type == "asset_disposal"
    _approve(disposal.approval, supervisor)
    asset.refresh_from_db()
    assert asset.status == AssetStatus.DISPOSED
    assert Asset.objects.active().filter(pk=asset.pk).count() == 0
    with pytest.raises(Conflict) as error:
        services.asset_transfer(asset=asset, to_department=company["sales"], by=logistics)
    assert error.value.code == "asset_disposed"
    assert not Transfer.objects.exists()


def test_reallocation_moves_department(make_asset, logistics, supervisor, company):
    asset = make_asset()
    disposal = services.asset_dispose(
        asset=asset,
        kind="reallocate",
        reason="闲置调剂",
        to_department=company["sales"],
        by=logistics,
    )
    _approve(disposal.approval, supervisor)
    asset.refresh_from_db()
    assert asset.department == company["sales"] and asset.status == AssetStatus.IDLE


def test_visibility(make_asset, logistics, employee, dept_head, outsider, auditor):
    mine = services.asset_assign(asset=make_asset(), custodian=employee, by=logistics)
    other = make_asset(name="会议桌")
    assert set(Asset.objects.visible_to(employee)) == {mine}
    assert set(Asset.objects.visible_to(dept_head)) == {mine}
    assert set(Asset.objects.visible_to(outsider)) == set()
    assert set(Asset.objects.visible_to(auditor)) == {mine, other}


def test_book_value_straight_line(make_asset):
    asset = make_asset(price="3600.00", purchase_date=datetime.date(2024, 1, 1))
    # 36 months life, 5 % residual: 95 per month
    assert asset.book_value(datetime.date(2024, 13 - 12, 1)) == Decimal("3600.00")
    assert asset.book_value(datetime.date(2025, 1, 1)) == Decimal("2460.00")
    assert asset.book_value(datetime.date(2030, 1, 1)) == Decimal("180.00")


def test_stocktake_reconcile_and_adjust(make_asset, logistics, supervisor, rooms, employee):
    a, b, c = make_asset(name="A"), make_asset(name="B"), make_asset(name="C")
    outside = make_asset(name="D", location=rooms[1])
    stocktake = services.stocktake_create(title="Q1", locations=[rooms[0].pk], by=logistics)
    assert stocktake.lines.count() == 3
    services.stocktake_scan(stocktake=stocktake, code=a.number, location=rooms[0], by=logistics)
    dup = services.stocktake_scan(stocktake=stocktake, code=a.number, by=logistics)
    assert dup.duplicate
    services.stocktake_scan(
        stocktake=stocktake,
        code=f"https://x/assets/n/{b.number}/",
        location=rooms[1],
        by=logistics,
    )
    services.stocktake_scan(
        stocktake=stocktake, code=outside.number, location=rooms[0], by=logistics
    )
    with pytest.raises(ServiceError) as error:
        services.stocktake_scan(stocktake=stocktake, code="ZC-1999-999999", by=logistics)
    assert error.value.code == "unknown_code"
    summary = services.stocktake_reconcile(stocktake=stocktake, by=logistics)
    assert summary == {
        "matched": 1,
        "surplus": 1,
        "deficit": 1,
        "wrong_location": 1,
        "wrong_custodian": 0,
    }
    with pytest.raises(ServiceError) as error:
        services.stocktake_adjust(stocktake=stocktake, by=logistics)
    assert error.value.code == "reasons_missing"
    for line in stocktake.lines.exclude(result="matched"):
        services.stocktake_set_reason(line=line, reason="已核实", by=logistics)
    stocktake = services.stocktake_adjust(stocktake=stocktake, by=logistics)
    assert stocktake.status == "pending_approval"
    with pytest.raises(Conflict):
        services.stocktake_scan(stocktake=stocktake, code=a.number, by=logistics)
    _approve(stocktake.approval, supervisor)
    stocktake.refresh_from_db()
    assert stocktake.status == "closed"
    c.refresh_from_db()
    b.refresh_from_db()
    outside.refresh_from_db()
    assert c.status == AssetStatus.LOST
    assert b.location == rooms[1]
    assert outside.location == rooms[0]
    assert AssetEvent.objects.filter(kind="counted", asset=a).exists()
    assert AssetEvent.objects.filter(kind="adjusted", asset=c).exists()


def test_stocktake_scope_required(logistics, category):
    with pytest.raises(ServiceError):
        services.stocktake_create(title="空", by=logistics)
    with pytest.raises(ServiceError):
        services.stocktake_create(title="空", categories=[category.pk], by=logistics)
