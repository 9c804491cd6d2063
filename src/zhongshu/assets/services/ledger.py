"""The ledger: categories, locations, cards, custody, transfers and disposal."""

from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from zhongshu.audit.services import record, snapshot
from zhongshu.core.errors import Conflict, ServiceError, ensure
from zhongshu.core.numbering import next_number
from zhongshu.notices.services import notify
from zhongshu.org.models import Department, User

from ..models import (
    Asset,
    AssetEvent,
    AssetStatus,
    Category,
    Disposal,
    DisposalKind,
    DisposalStatus,
    Location,
    Repair,
    RepairStatus,
    Transfer,
    TransferStatus,
)
from .common import (
    add_event,
    change_status,
    clean_price,
    locked,
    refuse_disposed,
    refuse_frozen,
    search_index,
    target_id,
)

if TYPE_CHECKING:
    from zhongshu.workflow.models import ApprovalRequest

NUMBER_SERIES = "asset"
NUMBER_TEMPLATE = "ZC-{year}-{seq:06d}"
# What a register/update may set; custodian and status move only through their own services.
ASSET_FIELDS = (
    "name",
    "category",
    "model",
    "serial_number",
    "purchase_date",
    "price",
    "supplier",
    "warranty_until",
    "department",
    "location",
    "note",
)
AUDITED = (*ASSET_FIELDS, "custodian", "status")
DISPOSAL_REQUEST_TYPE = "asset_disposal"


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    cleaned = {key: values[key] for key in ASSET_FIELDS if key in values}
    for key in ("name", "model", "serial_number", "supplier", "note"):
        if key in cleaned:
            cleaned[key] = (cleaned[key] or "").strip()
    if "name" in cleaned and not cleaned["name"]:
        raise ServiceError(_("The name is required."), field="name")
    if "category" in cleaned and cleaned["category"] is None:
        raise ServiceError(_("The category is required."), field="category")
    if "price" in cleaned:
        cleaned["price"] = clean_price(cleaned["price"])
    return cleaned


@transaction.atomic
def category_create(
    *, name: str, code: str, useful_life_months: int = 60, usage_guide: str = "", by: User
) -> Category:
    ensure(by, "assets.manage")
    name, code = (name or "").strip(), (code or "").strip()
    if not name or not code:
        raise ServiceError(_("Name and code are required."), field="name")
    if Category.objects.filter(code=code).exists() or Category.objects.filter(name=name).exists():
        raise Conflict(_("A category with this name or code exists."), field="code")
    if int(useful_life_months) < 1:
        raise ServiceError(_("The useful life must be at least one month."))
    category = Category.objects.create(
        name=name, code=code, useful_life_months=useful_life_months, usage_guide=usage_guide
    )
    record(actor=by, action="assets.category_created", obj=category, after={"code": code})
    return category


@transaction.atomic
def location_create(
    *, name: str, kind: str = Location.Kind.ROOM, parent: Location | None = None, by: User
) -> Location:
    ensure(by, "assets.manage")
    name = (name or "").strip()
    if not name:
        raise ServiceError(_("The name is required."), field="name")
    if kind not in Location.Kind.values:
        raise ServiceError(_("Unknown kind of location."), field="kind")
    location = Location.objects.create(name=name, kind=kind, parent=parent)
    location.path = f"{parent.path if parent else '/'}{location.pk}/"
    location.full_name = f"{parent.full_name} / {name}" if parent else name
    location.save(update_fields=["path", "full_name"])
    record(actor=by, action="assets.location_created", obj=location, after={"path": location.path})
    return location


def create_asset_row(
    *, values: dict[str, Any], custodian: User | None = None, by: User, note: str = ""
) -> Asset:
    """Insert a card with its number and first events (caller checks, locks and audits)."""
    asset = Asset(
        number=next_number(NUMBER_SERIES, NUMBER_TEMPLATE),
        custodian=custodian,
        status=AssetStatus.IN_USE if custodian else AssetStatus.IDLE,
        **values,
    )
    if custodian and not asset.department_id:
        asset.department_id = custodian.department_id
    asset.save()
    add_event(asset, AssetEvent.Kind.REGISTERED, by, note)
    if custodian:
        add_event(asset, AssetEvent.Kind.ASSIGNED, by, custodian=custodian.display_name)
    return asset


@transaction.atomic
def asset_register(*, by: User, custodian: User | None = None, **values: Any) -> Asset:
    ensure(by, "assets.manage")
    cleaned = _clean(values)
    if "name" not in cleaned or "category" not in cleaned:
        raise ServiceError(_("Name and category are required."), field="name")
    asset = create_asset_row(values=cleaned, custodian=custodian, by=by)
    record(actor=by, action="assets.asset_registered", obj=asset, after=snapshot(asset, AUDITED))
    search_index(asset)
    return asset


@transaction.atomic
def asset_update(*, asset: Asset, by: User, **values: Any) -> Asset:
    ensure(by, "assets.manage")
    asset = locked(asset)
    refuse_disposed(asset)
    cleaned = _clean(values)
    before = snapshot(asset, AUDITED)
    for key, value in cleaned.items():
        setattr(asset, key, value)
    asset.save()
    after = snapshot(asset, AUDITED)
    changed = sorted(key for key in after if after[key] != before[key])
    if changed:
        add_event(asset, AssetEvent.Kind.UPDATED, by, fields=changed)
        record(actor=by, action="assets.asset_updated", obj=asset, before=before, after=after)
        search_index(asset)
    return asset


@transaction.atomic
def asset_assign(
    *,
    asset: Asset,
    custodian: User | None,
    location: Location | None = None,
    note: str = "",
    reassign: bool = False,
    by: User,
) -> Asset:
    """Check out to a person: they become the custodian, their department holds the asset.

    An asset someone already holds moves to another person only when the caller says so
    (`reassign`): two people assigning the same card at once must not silently take it from
    each other; the second one is told who holds it.
    """
    ensure(by, "assets.manage")
    asset = locked(asset)
    refuse_disposed(asset)
    refuse_frozen(asset)
    if custodian is None or not custodian.is_active:
        raise ServiceError(_("Choose an active person."), field="custodian")
    if asset.custodian_id == custodian.pk:
        raise Conflict(_("The asset is already in this person's custody."), code="unchanged")
    holder = asset.custodian if asset.custodian_id else None
    if holder is not None and not reassign:
        raise Conflict(
            _(
                "The asset is already assigned to %(name)s. Re-assign it to move it to "
                "another person."
            )
            % {"name": holder.display_name},
            code="already_assigned",
        )
    before = snapshot(asset, AUDITED)
    change_status(asset, AssetStatus.IN_USE)
    asset.custodian = custodian
    asset.department_id = custodian.department_id or asset.department_id
    if location is not None:
        asset.location = location
    asset.save()
    moved = {"previous": holder.display_name} if holder is not None else {}
    add_event(asset, AssetEvent.Kind.ASSIGNED, by, note, custodian=custodian.display_name, **moved)
    record(
        actor=by,
        action="assets.asset_reassigned" if holder is not None else "assets.asset_assigned",
        obj=asset,
        before=before,
        after=snapshot(asset, AUDITED),
        note=note,
    )
    notify(
        recipients=[custodian],
        title=_("Asset %(number)s is now in your custody") % {"number": asset.number},
        url=reverse("assets:detail", args=[asset.pk]),
        kind="assets.assigned",
        email=False,
    )
    return asset


@transaction.atomic
def asset_return(
    *, asset: Asset, location: Location | None = None, note: str = "", by: User
) -> Asset:
    """Give back: no custodian, idle, optionally stored at `location`."""
    ensure(by, "assets.manage")
    asset = locked(asset)
    refuse_disposed(asset)
    holder = asset.custodian
    if holder is None:
        raise Conflict(_("Nobody holds this asset."), code="not_assigned")
    before = snapshot(asset, AUDITED)
    previous = holder.display_name
    change_status(asset, AssetStatus.IDLE)
    asset.custodian = None
    if location is not None:
        asset.location = location
    asset.save()
    add_event(asset, AssetEvent.Kind.RETURNED, by, note, custodian=previous)
    record(
        actor=by,
        action="assets.asset_returned",
        obj=asset,
        before=before,
        after=snapshot(asset, AUDITED),
        note=note,
    )
    return asset


@transaction.atomic
def asset_transfer(
    *,
    asset: Asset,
    to_department: Department | None,
    to_location: Location | None = None,
    reason: str = "",
    by: User,
) -> Transfer:
    """调拨: ask the receiving department to take the asset; it moves on their acknowledgement."""
    ensure(by, "assets.manage")
    asset = locked(asset)
    refuse_disposed(asset)
    refuse_frozen(asset)
    if to_department is None or not to_department.is_active:
        raise ServiceError(_("Choose an active department."), field="to_department")
    if to_department.pk == asset.department_id:
        raise ServiceError(
            _("The asset already belongs to this department."), field="to_department"
        )
    if Transfer.objects.filter(asset=asset, status=TransferStatus.PENDING).exists():
        raise Conflict(_("A transfer of this asset is awaiting acknowledgement."), code="pending")
    transfer = Transfer.objects.create(
        asset=asset,
        from_department_id=asset.department_id,
        to_department=to_department,
        to_location=to_location,
        reason=(reason or "").strip(),
        requested_by=by,
    )
    add_event(asset, AssetEvent.Kind.TRANSFER_REQUESTED, by, reason, to=to_department.name)
    record(
        actor=by,
        action="assets.transfer_requested",
        obj=asset,
        after={"transfer": transfer.pk, "to_department": to_department.pk},
    )
    heads = [to_department.head] if to_department.head_id else []
    if heads:
        notify(
            recipients=heads,
            title=_("Please acknowledge asset %(number)s transferred to your department")
            % {"number": asset.number},
            url=reverse("assets:transfer_list"),
            kind="assets.transfer",
        )
    return transfer


def _decide_transfer(transfer: Transfer, by: User, accept: bool, note: str) -> Transfer:
    transfer = Transfer.objects.select_for_update().select_related("asset").get(pk=transfer.pk)
    ensure(by, "assets.acknowledge_transfer", transfer)
    if transfer.status != TransferStatus.PENDING:
        raise Conflict(_("This transfer has already been decided."), code="invalid_transition")
    asset = locked(transfer.asset)
    transfer.status = TransferStatus.ACCEPTED if accept else TransferStatus.REJECTED
    transfer.decided_by = by
    transfer.decided_at = timezone.now()
    transfer.save()
    if not accept:
        add_event(asset, AssetEvent.Kind.TRANSFER_REJECTED, by, note)
        record(actor=by, action="assets.transfer_refused", obj=asset, note=note)
        return transfer
    refuse_disposed(asset)
    refuse_frozen(asset)
    before = snapshot(asset, AUDITED)
    asset.department = transfer.to_department
    if transfer.to_location_id:
        asset.location_id = transfer.to_location_id
    holder = asset.custodian if asset.custodian_id else None
    if holder is not None and holder.department_id != transfer.to_department_id:
        asset.custodian = None
        change_status(asset, AssetStatus.IDLE)
    asset.save()
    add_event(
        asset,
        AssetEvent.Kind.TRANSFERRED,
        by,
        note,
        to=transfer.to_department.name,
        source=transfer.from_department.name if transfer.from_department else "",
    )
    record(
        actor=by,
        action="assets.transfer_acknowledged",
        obj=asset,
        before=before,
        after=snapshot(asset, AUDITED),
        note=note,
    )
    return transfer


@transaction.atomic
def transfer_acknowledge(*, transfer: Transfer, note: str = "", by: User) -> Transfer:
    return _decide_transfer(transfer, by, True, note)


@transaction.atomic
def transfer_refuse(*, transfer: Transfer, note: str = "", by: User) -> Transfer:
    return _decide_transfer(transfer, by, False, note)


@transaction.atomic
def asset_dispose(
    *,
    asset: Asset,
    kind: str,
    reason: str,
    to_department: Department | None = None,
    amount: object = None,
    by: User,
) -> Disposal:
    """Ask for 调剂 / 报废 / sale; the approval mechanism decides (`disposal_approved`)."""
    from zhongshu.workflow.services import approval_submit

    ensure(by, "assets.manage")
    asset = locked(asset)
    refuse_disposed(asset)
    if kind not in DisposalKind.values:
        raise ServiceError(_("Unknown kind of disposal."), field="kind")
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError(_("Give a reason."), field="reason")
    if kind == DisposalKind.REALLOCATE and to_department is None:
        raise ServiceError(_("Choose the receiving department."), field="to_department")
    if kind != DisposalKind.REALLOCATE:
        to_department = None
    if Disposal.objects.filter(asset=asset, status=DisposalStatus.PENDING).exists():
        raise Conflict(_("A disposal of this asset is already awaiting approval."), code="pending")
    disposal = Disposal.objects.create(
        asset=asset,
        kind=kind,
        to_department=to_department,
        amount=clean_price(amount) if kind == DisposalKind.SELL and amount else None,
        reason=reason,
        requested_by=by,
    )
    disposal.approval = approval_submit(
        request_type=DISPOSAL_REQUEST_TYPE,
        title=_("%(kind)s: %(asset)s") % {"kind": disposal.get_kind_display(), "asset": asset},
        reason=reason,
        amount=asset.price,
        department=asset.department,
        target=disposal,
        by=by,
    )
    disposal.save(update_fields=["approval"])
    add_event(asset, AssetEvent.Kind.DISPOSAL_REQUESTED, by, reason, kind=kind)
    record(actor=by, action="assets.disposal_requested", obj=asset, after={"kind": kind})
    return disposal


def disposal_approved(request: "ApprovalRequest", by: User) -> None:
    """Approval callback: reallocation moves the asset, scrapping/sale take it off the ledger.

    Refused while a repair is open (the approval is then not recorded either): the asset is
    with a repairer and may come back in another state.
    """
    disposal = Disposal.objects.select_for_update().get(pk=target_id(request))
    if disposal.status != DisposalStatus.PENDING:
        return
    asset = locked(disposal.asset)
    if Repair.objects.filter(asset=asset, status=RepairStatus.OPEN).exists():
        raise Conflict(
            _("The asset is under repair: close the repair before approving its disposal."),
            code="repair_open",
        )
    before = snapshot(asset, AUDITED)
    disposal.status = DisposalStatus.APPROVED
    disposal.save(update_fields=["status"])
    if disposal.kind == DisposalKind.REALLOCATE:
        receiver = disposal.to_department
        asset.department = receiver
        asset.custodian = None
        change_status(asset, AssetStatus.IDLE)
        asset.save()
        add_event(asset, AssetEvent.Kind.REALLOCATED, by, to=receiver.name if receiver else "")
    else:
        change_status(asset, AssetStatus.DISPOSED)
        asset.custodian = None
        asset.save()
        add_event(asset, AssetEvent.Kind.DISPOSED, by, disposal.reason, kind=disposal.kind)
    record(
        actor=by,
        action="assets.disposal_approved",
        obj=asset,
        before=before,
        after=snapshot(asset, AUDITED),
    )


def disposal_rejected(request: "ApprovalRequest", by: User) -> None:
    disposal = Disposal.objects.select_for_update().get(pk=target_id(request))
    if disposal.status != DisposalStatus.PENDING:
        return
    disposal.status = DisposalStatus.REJECTED
    disposal.save(update_fields=["status"])
    add_event(disposal.asset, AssetEvent.Kind.DISPOSAL_REJECTED, by)
    record(actor=by, action="assets.disposal_rejected", obj=disposal.asset)
