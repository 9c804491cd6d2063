import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from zhongshu.assets.models import Asset, AssetStatus, Disposal, Repair, RepairStatus
from zhongshu.assets.services import asset_assign
from zhongshu.assets.services.maintenance import (
    idle_proposals,
    repair_close,
    repair_open,
    warranty_remind,
)
from zhongshu.audit.models import AuditEvent
from zhongshu.core.errors import Conflict, ServiceError
from zhongshu.notices.models import Notification

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def test_repair_open_and_close_restores_status(make_asset, logistics, employee):
    asset = asset_assign(asset=make_asset(), custodian=employee, by=logistics)
    repair = repair_open(
        asset=asset,
        fault="屏幕不亮",
        vendor="联想服务站",
        started_on=TODAY - datetime.timedelta(days=3),
        by=logistics,
    )
    asset.refresh_from_db()
    assert asset.status == AssetStatus.UNDER_REPAIR and repair.status == RepairStatus.OPEN
    with pytest.raises(Conflict):
        repair_open(asset=asset, fault="再次", by=logistics)
    repair = repair_close(repair=repair, cost="350.50", result="更换屏幕", by=logistics)
    asset.refresh_from_db()
    assert asset.status == AssetStatus.IN_USE
    assert repair.cost == Decimal("350.50") and repair.downtime_days == 3
    assert list(asset.events.values_list("kind", flat=True)[:2]) == [
        "repair_closed",
        "repair_opened",
    ]
    assert AuditEvent.objects.filter(action__startswith="assets.repair_").count() == 2
    with pytest.raises(Conflict):
        repair_close(repair=repair, by=logistics)


def test_repair_refusals(make_asset, logistics, employee):
    asset = make_asset()
    with pytest.raises(PermissionDenied):
        repair_open(asset=asset, fault="坏了", by=employee)
    with pytest.raises(ServiceError):
        repair_open(asset=asset, fault="  ", by=logistics)
    future = TODAY + datetime.timedelta(days=2)
    with pytest.raises(ServiceError):
        repair_open(asset=asset, fault="坏了", started_on=future, by=logistics)
    repair = repair_open(asset=asset, fault="坏了", by=logistics)
    with pytest.raises(ServiceError):
        repair_close(repair=repair, finished_on=TODAY - datetime.timedelta(days=1), by=logistics)
    with pytest.raises(ServiceError):
        repair_close(repair=repair, cost="abc", by=logistics)
    with pytest.raises(PermissionDenied):
        repair_close(repair=repair, by=employee)
    assert Repair.objects.get().status == RepairStatus.OPEN
    assert Asset.objects.get().status == AssetStatus.UNDER_REPAIR


def test_warranty_reminded_once(make_asset, logistics, settings):
    settings.ASSETS_WARRANTY_NOTICE_DAYS = 30
    soon = make_asset(name="快过保", warranty_until=TODAY + datetime.timedelta(days=10))
    make_asset(name="还早", warranty_until=TODAY + datetime.timedelta(days=90))
    make_asset(name="已过保", warranty_until=TODAY - datetime.timedelta(days=1))
    assert warranty_remind() == 1
    notice = Notification.objects.get(recipient=logistics)
    assert soon.number in notice.body and "还早" not in notice.body
    assert warranty_remind() == 0
    assert Notification.objects.filter(recipient=logistics).count() == 1
    soon.warranty_until = TODAY + datetime.timedelta(days=20)
    soon.save()
    assert warranty_remind() == 1


def test_idle_proposals(make_asset, logistics, employee, supervisor):
    old = make_asset(name="旧椅子")
    recent = make_asset(name="新椅子")
    held = asset_assign(asset=make_asset(name="在用"), custodian=employee, by=logistics)
    long_ago = timezone.now() - datetime.timedelta(days=200)
    Asset.objects.filter(pk__in=[old.pk, held.pk]).update(status_changed_at=long_ago)
    assert [a.pk for a in idle_proposals(user=logistics, days=90)] == [old.pk]
    assert recent.pk in [a.pk for a in idle_proposals(user=logistics, days=0)]
    with pytest.raises(PermissionDenied):
        idle_proposals(user=employee)


def test_web_repair_and_idle_pages(client, make_asset, logistics, supervisor):
    asset = make_asset(name="投影仪")
    Asset.objects.filter(pk=asset.pk).update(
        status_changed_at=timezone.now() - datetime.timedelta(days=120)
    )
    client.force_login(logistics)
    page = client.get("/assets/idle/?days=90")
    assert page.status_code == 200 and asset.number in page.content.decode()
    response = client.post(f"/assets/{asset.pk}/repair/", {"fault": "灯泡坏"})
    assert response.status_code == 302
    repair = Repair.objects.get(asset=asset)
    detail = client.get(f"/assets/{asset.pk}/").content.decode()
    assert "灯泡坏" in detail and f"/assets/repairs/{repair.pk}/close/" in detail
    response = client.post(f"/assets/repairs/{repair.pk}/close/", {"cost": "80"})
    repair.refresh_from_db()
    assert repair.status == RepairStatus.CLOSED and repair.cost == Decimal("80.00")
    assert Asset.objects.get(pk=asset.pk).status == AssetStatus.IDLE
    Asset.objects.filter(pk=asset.pk).update(
        status_changed_at=timezone.now() - datetime.timedelta(days=120)
    )
    response = client.post(
        f"/assets/{asset.pk}/dispose/", {"kind": "scrap", "reason": "闲置"}, follow=True
    )
    assert Disposal.objects.filter(asset=asset, status="pending").exists()
    assert asset.number not in client.get("/assets/idle/?days=90").content.decode()
