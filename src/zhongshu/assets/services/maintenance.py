"""Maintenance: repair records, warranty-expiry reminders and idle-asset proposals."""

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from zhongshu.audit.services import record
from zhongshu.core.errors import Conflict, ServiceError, ensure
from zhongshu.core.roles import Role
from zhongshu.notices.services import notify
from zhongshu.org.models import User

from ..models import Asset, AssetEvent, AssetStatus, Repair, RepairStatus
from ..models.ledger import AssetQuerySet
from .common import (
    add_event,
    change_status,
    clean_price,
    locked,
    refuse_disposed,
    refuse_frozen,
)


def warranty_notice_days() -> int:
    return int(getattr(settings, "ASSETS_WARRANTY_NOTICE_DAYS", 30))


def idle_after_days() -> int:
    return int(getattr(settings, "ASSETS_IDLE_AFTER_DAYS", 90))


@transaction.atomic
def repair_open(
    *,
    asset: Asset,
    fault: str,
    vendor: str = "",
    started_on: datetime.date | None = None,
    by: User,
) -> Repair:
    """Send an asset for repair: it is under repair until the repair is closed."""
    ensure(by, "assets.manage")
    asset = locked(asset)
    refuse_disposed(asset)
    refuse_frozen(asset)
    fault = (fault or "").strip()
    if not fault:
        raise ServiceError(_("Describe the fault."), field="fault")
    if Repair.objects.filter(asset=asset, status=RepairStatus.OPEN).exists():
        raise Conflict(_("This asset is already under repair."), code="repair_open")
    started_on = started_on or timezone.localdate()
    if started_on > timezone.localdate():
        raise ServiceError(_("The date cannot be in the future."), field="started_on")
    repair = Repair.objects.create(
        asset=asset,
        fault=fault,
        vendor=(vendor or "").strip(),
        started_on=started_on,
        status_before=asset.status,
        opened_by=by,
    )
    change_status(asset, AssetStatus.UNDER_REPAIR)
    asset.save(update_fields=["status", "status_changed_at", "updated_at"])
    add_event(asset, AssetEvent.Kind.REPAIR_OPENED, by, fault, vendor=repair.vendor)
    record(actor=by, action="assets.repair_opened", obj=asset, after={"repair": repair.pk})
    return repair


@transaction.atomic
def repair_close(
    *,
    repair: Repair,
    cost: object = 0,
    finished_on: datetime.date | None = None,
    result: str = "",
    by: User,
) -> Repair:
    """Record the asset back from repair: cost, return date; it goes back to its old status."""
    ensure(by, "assets.manage")
    repair = Repair.objects.select_for_update().get(pk=repair.pk)
    if repair.status != RepairStatus.OPEN:
        raise Conflict(_("This repair is already closed."), code="repair_closed")
    finished_on = finished_on or timezone.localdate()
    if finished_on < repair.started_on:
        raise ServiceError(_("The return date is before the repair began."), field="finished_on")
    if finished_on > timezone.localdate():
        raise ServiceError(_("The date cannot be in the future."), field="finished_on")
    repair.cost = clean_price(cost)
    repair.finished_on = finished_on
    repair.result = (result or "").strip()
    repair.status = RepairStatus.CLOSED
    repair.closed_by = by
    repair.save()
    asset = locked(repair.asset)
    if asset.status == AssetStatus.UNDER_REPAIR:
        back = AssetStatus.IN_USE if asset.custodian_id else AssetStatus.IDLE
        change_status(asset, back)
        asset.save(update_fields=["status", "status_changed_at", "updated_at"])
    add_event(
        asset,
        AssetEvent.Kind.REPAIR_CLOSED,
        by,
        repair.result,
        cost=str(repair.cost),
        downtime_days=repair.downtime_days,
    )
    record(
        actor=by,
        action="assets.repair_closed",
        obj=asset,
        after={"repair": repair.pk, "cost": str(repair.cost)},
    )
    return repair


def warranty_remind(*, today: datetime.date | None = None) -> int:
    """Periodic job: tell logistics once about every warranty ending within the notice days.

    An asset is reminded once per warranty end date (`warranty_reminded_for`), so running the
    job again sends nothing, and a new warranty date arms a new reminder.
    """
    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=warranty_notice_days())
    with transaction.atomic():
        due = list(
            Asset.objects.active()
            .select_for_update()
            .filter(warranty_until__gte=today, warranty_until__lte=horizon)
            .filter(
                Q(warranty_reminded_for__isnull=True)
                | ~Q(warranty_reminded_for=F("warranty_until"))
            )
            .order_by("warranty_until", "id")
            .values_list("id", "number", "name", "warranty_until")[:500]
        )
        if not due:
            return 0
        recipients = list(User.objects.with_role(Role.LOGISTICS).filter(is_active=True))
        lines = [f"{number} {name} — {until:%Y-%m-%d}" for _pk, number, name, until in due]
        notify(
            recipients=recipients,
            title=_("%(n)d asset warranties end within %(days)d days")
            % {"n": len(due), "days": warranty_notice_days()},
            body="\n".join(lines),
            url=reverse("assets:list"),
            kind="assets.warranty",
        )
        for pk, _number, _name, until in due:
            Asset.objects.filter(pk=pk).update(warranty_reminded_for=until)
        record(actor=None, action="assets.warranty_reminded", after={"assets": len(due)})
    return len(due)


def idle_candidates(*, user: User) -> AssetQuerySet:
    """Every asset `user` may propose for 调剂 or 报废 (idle or without a custodian, no pending
    disposal), longest idle first; lists narrow it by days with `idle_for`."""
    ensure(user, "assets.manage")
    return (
        Asset.objects.idle_candidates()
        .select_related("category", "department", "location")
        .order_by("status_changed_at", "id")
    )


def idle_proposals(*, user: User, days: int | None = None) -> AssetQuerySet:
    """The candidates idle for at least `days` (default `ASSETS_IDLE_AFTER_DAYS`)."""
    return idle_candidates(user=user).idle_for(idle_after_days() if days is None else days)
