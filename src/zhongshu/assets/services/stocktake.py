"""Stocktaking: scope → expected lines and tasks → scans → reconcile → approved adjustments.

Reconciliation is a handful of set-based UPDATEs over the expected lines (the latest scan of each
asset gives where and with whom it was found), so 100,000 assets reconcile in seconds.
"""

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from zhongshu.audit.services import record
from zhongshu.core.errors import Conflict, ServiceError, check_transition, ensure
from zhongshu.core.numbering import next_number
from zhongshu.org.models import Department, User

from ..models import (
    STOCKTAKE_FLOW,
    Asset,
    AssetEvent,
    AssetStatus,
    Location,
    Result,
    Stocktake,
    StocktakeLine,
    StocktakeScan,
    StocktakeStatus,
    StocktakeTask,
)
from ..models.stocktake import DIFFERENCES
from .common import add_event, change_status, clean_ids, parse_code, target_id
from .excel_io import BadRows, read_rows

if TYPE_CHECKING:
    from zhongshu.workflow.models import ApprovalRequest

ADJUSTMENT_REQUEST_TYPE = "asset_stocktake"
BATCH = 5000
ROWS_IN_RESPONSE = 1000


def scope_queryset(scope: dict[str, list[int]]) -> QuerySet[Asset]:
    """Active assets in the scope: listed ids, or departments/locations/categories (subtrees)."""
    assets = Asset.objects.active()
    if scope.get("asset_ids"):
        return assets.filter(pk__in=scope["asset_ids"])
    if scope.get("departments"):
        roots = Department.objects.filter(pk__in=scope["departments"])
        assets = assets.filter(department__in=Department.objects.subtree_of(list(roots)))
    if scope.get("locations"):
        paths = Location.objects.filter(pk__in=scope["locations"]).values_list("path", flat=True)
        under = Q()
        for path in paths:
            under |= Q(location__path__startswith=path)
        assets = assets.filter(under) if under else assets.none()
    if scope.get("categories"):
        assets = assets.filter(category_id__in=scope["categories"])
    return assets


@transaction.atomic
def stocktake_create(
    *,
    title: str,
    asset_ids: Iterable[Any] = (),
    departments: Iterable[Any] = (),
    locations: Iterable[Any] = (),
    categories: Iterable[Any] = (),
    counters: Sequence[User] = (),
    by: User,
) -> Stocktake:
    ensure(by, "assets.manage")
    title = (title or "").strip()
    if not title:
        raise ServiceError(_("The title is required."), field="title")
    scope = {
        key: clean_ids(value, key)
        for key, value in (
            ("asset_ids", asset_ids),
            ("departments", departments),
            ("locations", locations),
            ("categories", categories),
        )
        if value
    }
    if not scope:
        raise ServiceError(_("Choose assets, departments, locations or categories."), field="scope")
    rows = list(scope_queryset(scope).values_list("id", "location_id", "custodian_id"))
    if not rows:
        raise ServiceError(_("No active asset is in this scope."), field="scope")
    stocktake = Stocktake.objects.create(
        number=next_number("stocktake", "PD-{year}-{seq:04d}"),
        title=title,
        scope=scope,
        created_by=by,
    )
    StocktakeLine.objects.bulk_create(
        (
            StocktakeLine(
                stocktake=stocktake,
                asset_id=asset_id,
                expected_location_id=location_id,
                expected_custodian_id=custodian_id,
            )
            for asset_id, location_id, custodian_id in rows
        ),
        batch_size=BATCH,
    )
    per_location: dict[int | None, int] = {}
    for _asset, location_id, _custodian in rows:
        per_location[location_id] = per_location.get(location_id, 0) + 1
    people = list(counters or ())
    StocktakeTask.objects.bulk_create(
        StocktakeTask(
            stocktake=stocktake,
            location_id=location_id,
            expected=expected,
            counter=people[index % len(people)] if people else None,
        )
        for index, (location_id, expected) in enumerate(sorted(per_location.items(), key=str))
    )
    record(
        actor=by,
        action="assets.stocktake_created",
        obj=stocktake,
        after={"scope": scope, "assets": len(rows)},
    )
    return stocktake


def _counting(stocktake_id: int) -> Stocktake:
    stocktake = Stocktake.objects.select_for_update().get(pk=stocktake_id)
    if not stocktake.is_counting:
        raise Conflict(_("This stocktake is no longer counting."), code="stocktake_closed")
    return stocktake


@transaction.atomic
def stocktake_scan(
    *,
    stocktake: Stocktake,
    code: str,
    location: Location | None = None,
    custodian: User | None = None,
    by: User,
) -> StocktakeScan:
    """Record one counted asset; an unknown code is refused, a repeat is flagged `duplicate`."""
    ensure(by, "assets.count", stocktake)
    stocktake = _counting(stocktake.pk)
    number = parse_code(code)
    asset = Asset.objects.filter(number=number).only("id").first() if number else None
    if asset is None:
        raise ServiceError(
            _("Unknown asset code: %(code)s") % {"code": (code or "")[:60]}, code="unknown_code"
        )
    duplicate = StocktakeScan.objects.filter(stocktake=stocktake, asset=asset).exists()
    return StocktakeScan.objects.create(
        stocktake=stocktake,
        code=(code or "")[:300],
        asset=asset,
        location=location,
        custodian=custodian,
        duplicate=duplicate,
        counted_by=by,
    )


@transaction.atomic
def stocktake_upload(
    *, stocktake: Stocktake, upload: UploadedFile | None, location: Location | None = None, by: User
) -> dict[str, int]:
    """A scanner's list (Excel or text, first column = code): all rows or none."""
    ensure(by, "assets.count", stocktake)
    stocktake = _counting(stocktake.pk)
    codes = [(index, str(row[0]).strip()) for index, row in read_rows(upload) if row and row[0]]
    if not codes:
        raise ServiceError(_("The file holds no codes."), field="file")
    numbers = {parse_code(code) for _index, code in codes}
    known = dict(Asset.objects.filter(number__in=numbers).values_list("number", "id"))
    unknown = [
        {"row": index, "code": code, "errors": [_("Unknown asset code.")]}
        for index, code in codes
        if parse_code(code) not in known
    ]
    if unknown:
        raise BadRows(_("Some codes are unknown; nothing was recorded."), unknown)
    seen = set(StocktakeScan.objects.filter(stocktake=stocktake).values_list("asset_id", flat=True))
    scans = []
    for _index, code in codes:
        asset_id = known[parse_code(code)]
        scans.append(
            StocktakeScan(
                stocktake=stocktake,
                code=code[:300],
                asset_id=asset_id,
                location=location,
                duplicate=asset_id in seen,
                counted_by=by,
            )
        )
        seen.add(asset_id)
    StocktakeScan.objects.bulk_create(scans, batch_size=BATCH)
    duplicates = sum(scan.duplicate for scan in scans)
    record(
        actor=by,
        action="assets.stocktake_uploaded",
        obj=stocktake,
        after={"scans": len(scans), "duplicates": duplicates},
    )
    return {"scanned": len(scans), "duplicates": duplicates}


def counts(stocktake: Stocktake) -> dict[str, int]:
    found = dict(
        StocktakeLine.objects.filter(stocktake=stocktake)
        .values_list("result")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {key: found.get(key, 0) for key in (Result.MATCHED, *DIFFERENCES)}


def result_rows(
    stocktake: Stocktake, *, differences_only: bool = False, limit: int | None = ROWS_IN_RESPONSE
) -> list[dict[str, Any]]:
    lines = StocktakeLine.objects.filter(stocktake=stocktake)
    if differences_only:
        lines = lines.filter(result__in=DIFFERENCES)
    values = lines.order_by("result", "id").values(
        "id",
        "asset_id",
        "asset__number",
        "asset__name",
        "result",
        "reason",
        "expected_location__full_name",
        "found_location__full_name",
        "expected_custodian__name",
        "found_custodian__name",
    )
    return [
        {
            "line": row["id"],
            "asset": row["asset_id"],
            "number": row["asset__number"],
            "name": row["asset__name"],
            "result": row["result"],
            "reason": row["reason"],
            "expected_location": row["expected_location__full_name"] or "",
            "found_location": row["found_location__full_name"] or "",
            "expected_custodian": row["expected_custodian__name"] or "",
            "found_custodian": row["found_custodian__name"] or "",
        }
        for row in (values[:limit] if limit else values)
    ]


@transaction.atomic
def stocktake_reconcile(*, stocktake: Stocktake, by: User) -> dict[str, int]:
    """Sort every line into matched, deficit, wrong location/custodian; add surplus lines."""
    ensure(by, "assets.manage")
    stocktake = _counting(stocktake.pk)
    lines = StocktakeLine.objects.filter(stocktake=stocktake)
    lines.filter(expected=False).delete()
    latest = StocktakeScan.objects.filter(stocktake=stocktake, asset=OuterRef("asset_id")).order_by(
        "-id"
    )
    expected = lines.filter(expected=True)
    expected.update(result=Result.DEFICIT, found_location=None, found_custodian=None)
    expected.filter(Exists(latest)).update(
        result=Result.MATCHED,
        found_location=Subquery(latest.values("location_id")[:1]),
        found_custodian=Subquery(latest.values("custodian_id")[:1]),
    )
    matched = expected.filter(result=Result.MATCHED)
    matched.filter(found_location__isnull=False).filter(
        Q(expected_location__isnull=True) | ~Q(found_location=F("expected_location"))
    ).update(result=Result.WRONG_LOCATION)
    matched.filter(found_custodian__isnull=False).filter(
        Q(expected_custodian__isnull=True) | ~Q(found_custodian=F("expected_custodian"))
    ).update(result=Result.WRONG_CUSTODIAN)
    in_scope = StocktakeLine.objects.filter(stocktake=stocktake, asset=OuterRef("asset_id"))
    surplus: dict[int, tuple[int | None, int | None]] = {}
    for asset_id, location_id, custodian_id in (
        StocktakeScan.objects.filter(stocktake=stocktake)
        .filter(~Exists(in_scope))
        .order_by("id")
        .values_list("asset_id", "location_id", "custodian_id")
    ):
        surplus[asset_id] = (location_id, custodian_id)
    ledger = dict(
        (pk, (location_id, custodian_id))
        for pk, location_id, custodian_id in Asset.objects.filter(pk__in=surplus).values_list(
            "id", "location_id", "custodian_id"
        )
    )
    StocktakeLine.objects.bulk_create(
        (
            StocktakeLine(
                stocktake=stocktake,
                asset_id=asset_id,
                expected=False,
                expected_location_id=ledger[asset_id][0],
                expected_custodian_id=ledger[asset_id][1],
                found_location_id=location_id,
                found_custodian_id=custodian_id,
                result=Result.SURPLUS,
            )
            for asset_id, (location_id, custodian_id) in surplus.items()
        ),
        batch_size=BATCH,
    )
    stocktake.reconciled_at = timezone.now()
    stocktake.save(update_fields=["reconciled_at"])
    summary = counts(stocktake)
    record(actor=by, action="assets.stocktake_reconciled", obj=stocktake, after=summary)
    return summary


@transaction.atomic
def stocktake_set_reason(*, line: StocktakeLine, reason: str, by: User) -> StocktakeLine:
    ensure(by, "assets.manage")
    line = StocktakeLine.objects.select_for_update().get(pk=line.pk)
    _counting(line.stocktake_id)
    if line.result not in DIFFERENCES:
        raise ServiceError(_("Only differences take a reason."), field="reason")
    line.reason = (reason or "").strip()[:300]
    line.save(update_fields=["reason"])
    record(
        actor=by,
        action="assets.stocktake_reason_set",
        obj=line.stocktake,
        after={"line": line.pk, "reason": line.reason},
    )
    return line


@transaction.atomic
def stocktake_adjust(*, stocktake: Stocktake, by: User) -> Stocktake:
    """Send the differences (each with a reason) to the supervisor; none → close at once."""
    from zhongshu.workflow.services import approval_submit

    ensure(by, "assets.manage")
    stocktake = _counting(stocktake.pk)
    if stocktake.reconciled_at is None:
        raise Conflict(_("Reconcile the stocktake first."), code="not_reconciled")
    newer_scan = StocktakeScan.objects.filter(stocktake=stocktake, at__gt=stocktake.reconciled_at)
    if newer_scan.exists():
        raise Conflict(
            _("New scans came in since the reconciliation; reconcile again."), code="not_reconciled"
        )
    differences = StocktakeLine.objects.filter(stocktake=stocktake, result__in=DIFFERENCES)
    missing = differences.filter(reason="").count()
    if missing:
        raise ServiceError(
            _("%(n)d difference(s) still need a reason.") % {"n": missing}, code="reasons_missing"
        )
    if not differences.exists():
        _close(stocktake, by)
        return stocktake
    check_transition(STOCKTAKE_FLOW, stocktake.status, StocktakeStatus.PENDING_APPROVAL)
    stocktake.status = StocktakeStatus.PENDING_APPROVAL
    stocktake.approval = approval_submit(
        request_type=ADJUSTMENT_REQUEST_TYPE,
        title=_("Stocktake adjustments: %(stocktake)s") % {"stocktake": stocktake},
        reason=_("%(n)d difference(s) to adjust in the ledger.") % {"n": differences.count()},
        target=stocktake,
        by=by,
    )
    stocktake.save(update_fields=["status", "approval"])
    record(actor=by, action="assets.stocktake_adjustments_submitted", obj=stocktake)
    return stocktake


def _close(stocktake: Stocktake, by: User) -> None:
    stocktake.status = StocktakeStatus.CLOSED
    stocktake.closed_at = timezone.now()
    stocktake.save(update_fields=["status", "closed_at"])
    matched = StocktakeLine.objects.filter(stocktake=stocktake, result=Result.MATCHED)
    AssetEvent.objects.bulk_create(
        (
            AssetEvent(
                asset_id=asset_id,
                kind=AssetEvent.Kind.COUNTED,
                actor=by,
                data={"stocktake": stocktake.number},
            )
            for asset_id in matched.values_list("asset_id", flat=True).iterator()
        ),
        batch_size=BATCH,
    )
    record(actor=by, action="assets.stocktake_closed", obj=stocktake, after=counts(stocktake))


def _apply(line: StocktakeLine, by: User) -> None:
    asset = Asset.objects.select_for_update().get(pk=line.asset_id)
    if asset.is_disposed:
        return
    change = {"result": line.result, "reason": line.reason}
    if line.result == Result.DEFICIT:
        change_status(asset, AssetStatus.LOST)
    elif line.result == Result.WRONG_CUSTODIAN and line.found_custodian is not None:
        asset.custodian = line.found_custodian
        asset.department_id = line.found_custodian.department_id or asset.department_id
        change_status(asset, AssetStatus.IN_USE)
    else:
        if line.found_location_id:
            asset.location_id = line.found_location_id
        if asset.status == AssetStatus.LOST:
            change_status(asset, AssetStatus.IN_USE if asset.custodian_id else AssetStatus.IDLE)
    asset.save()
    add_event(asset, AssetEvent.Kind.ADJUSTED, by, line.reason, **change)


def stocktake_adjustments_approved(request: "ApprovalRequest", by: User) -> None:
    """Approval callback: each difference updates the ledger as an event; the stocktake closes."""
    stocktake = Stocktake.objects.select_for_update().get(pk=target_id(request))
    if stocktake.status != StocktakeStatus.PENDING_APPROVAL:
        return
    lines = StocktakeLine.objects.filter(stocktake=stocktake, result__in=DIFFERENCES)
    for line in lines.select_related("found_custodian"):
        _apply(line, by)
    record(actor=by, action="assets.stocktake_adjusted", obj=stocktake, after=counts(stocktake))
    _close(stocktake, by)


def stocktake_adjustments_rejected(request: "ApprovalRequest", by: User) -> None:
    """Approval refused or returned: counting resumes, the differences can be worked again."""
    stocktake = Stocktake.objects.select_for_update().get(pk=target_id(request))
    if stocktake.status != StocktakeStatus.PENDING_APPROVAL:
        return
    stocktake.status = StocktakeStatus.COUNTING
    stocktake.save(update_fields=["status"])
    record(actor=by, action="assets.stocktake_adjustments_rejected", obj=stocktake)
