"""Services of the assets app: the only writers of its models."""

from .common import parse_code
from .ledger import (
    ASSET_FIELDS,
    asset_assign,
    asset_dispose,
    asset_register,
    asset_return,
    asset_transfer,
    asset_update,
    category_create,
    disposal_approved,
    disposal_rejected,
    location_create,
    transfer_acknowledge,
    transfer_refuse,
)
from .stocktake import (
    stocktake_adjust,
    stocktake_adjustments_approved,
    stocktake_adjustments_rejected,
    stocktake_create,
    stocktake_reconcile,
    stocktake_scan,
    stocktake_set_reason,
    stocktake_upload,
)

__all__ = [
    "ASSET_FIELDS",
    "asset_assign",
    "asset_dispose",
    "asset_register",
    "asset_return",
    "asset_transfer",
    "asset_update",
    "category_create",
    "disposal_approved",
    "disposal_rejected",
    "location_create",
    "parse_code",
    "stocktake_adjust",
    "stocktake_adjustments_approved",
    "stocktake_adjustments_rejected",
    "stocktake_create",
    "stocktake_reconcile",
    "stocktake_scan",
    "stocktake_set_reason",
    "stocktake_upload",
    "transfer_acknowledge",
    "transfer_refuse",
]
