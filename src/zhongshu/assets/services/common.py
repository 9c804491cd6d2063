"""Helpers shared by several services of the assets app (called only from services modules)."""

import calendar
import datetime
import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhongshu.core.errors import Conflict, ServiceError, check_transition
from zhongshu.org.models import User

from ..models import FLOW, Asset, AssetEvent, AssetStatus, Disposal, DisposalStatus

if TYPE_CHECKING:
    from zhongshu.workflow.models import ApprovalRequest

NUMBER_IN_CODE = re.compile(r"ZC-\d{4}-\d{6}", re.IGNORECASE)


def parse_code(code: str) -> str:
    """An asset number from what a scanner read: the number itself or a label's URL."""
    code = (code or "").strip()
    found = NUMBER_IN_CODE.search(code)
    return found.group(0).upper() if found else code


def locked(asset: Asset) -> Asset:
    """The card re-read under a row lock, for a change that two people could race."""
    return Asset.objects.select_for_update().get(pk=asset.pk)


def refuse_disposed(asset: Asset) -> None:
    if asset.is_disposed:
        raise Conflict(_("This asset has been disposed of."), code="asset_disposed")


def refuse_frozen(asset: Asset) -> None:
    """A disposal awaiting approval freezes the card: it is decided on the asset as it stands,
    so nobody may assign, transfer or repair it until the decision."""
    if Disposal.objects.filter(asset=asset, status=DisposalStatus.PENDING).exists():
        raise Conflict(
            _(
                "A disposal of this asset is awaiting approval: it cannot be assigned, "
                "transferred or sent for repair until the disposal is decided."
            ),
            code="disposal_pending",
        )


def change_status(asset: Asset, target: AssetStatus) -> None:
    """Move the card to `target` if the status table allows it (in memory; the caller saves)."""
    if asset.status != target:
        check_transition(FLOW, asset.status, target)
        asset.status = target
        asset.status_changed_at = timezone.now()


def add_event(
    asset: Asset, event_kind: str, by: User | None, note: str = "", **data: Any
) -> AssetEvent:
    """One line on the card's timeline."""
    return AssetEvent.objects.create(asset=asset, kind=event_kind, actor=by, note=note, data=data)


def clean_price(value: object) -> Decimal:
    """A money amount in CNY, 2 places, from 0 up to (not including) a trillion."""
    try:
        price = Decimal(str(value if value not in (None, "") else "0")).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        raise ServiceError(_("The price must be a number."), field="price") from None
    if price < 0 or price >= Decimal("1000000000000"):
        raise ServiceError(_("The price is out of range."), field="price")
    return price


def clean_ids(values: Iterable[Any] | None, field: str) -> list[int]:
    """Sorted distinct ids of a scope list; anything that is not a number names `field`."""
    try:
        return sorted({int(value) for value in values or ()})
    except (TypeError, ValueError):
        raise ServiceError(_("Give ids as numbers."), field=field) from None


def target_id(request: "ApprovalRequest") -> int:
    """The id of the disposal or stocktake an approval request decides (each has one)."""
    if request.target_id is None:
        raise ValueError(f"approval request {request.pk} has no target")
    return request.target_id


def add_months(day: datetime.date, months: int) -> datetime.date:
    """`day` moved by whole months, kept within the target month (31 Jan + 1 → 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    last_day = calendar.monthrange(year, month)[1]
    return day.replace(year=year, month=month, day=min(day.day, last_day))


def search_index(asset: Asset) -> None:
    """Re-index one card inside the caller's transaction."""
    from zhongshu.search.services import update_object

    update_object(asset)


def search_index_later(ids: Iterable[int]) -> None:
    """After the caller's transaction commits, index these cards in the background."""
    from ..tasks import index_assets

    pending = list(ids)
    if pending:
        transaction.on_commit(lambda: index_assets(pending))
