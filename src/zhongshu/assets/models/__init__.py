"""Models of the assets app: the ledger (cards, custody, disposal) and stocktaking."""

from .ledger import (
    FLOW,
    MANAGER_ROLES,
    READ_ALL_ROLES,
    Asset,
    AssetEvent,
    AssetStatus,
    Category,
    Disposal,
    DisposalKind,
    DisposalStatus,
    Location,
    Transfer,
    TransferStatus,
)
from .stocktake import (
    STOCKTAKE_FLOW,
    Result,
    Stocktake,
    StocktakeLine,
    StocktakeScan,
    StocktakeStatus,
    StocktakeTask,
)

__all__ = [
    "FLOW",
    "MANAGER_ROLES",
    "READ_ALL_ROLES",
    "STOCKTAKE_FLOW",
    "Asset",
    "AssetEvent",
    "AssetStatus",
    "Category",
    "Disposal",
    "DisposalKind",
    "DisposalStatus",
    "Location",
    "Result",
    "Stocktake",
    "StocktakeLine",
    "StocktakeScan",
    "StocktakeStatus",
    "StocktakeTask",
    "Transfer",
    "TransferStatus",
]
