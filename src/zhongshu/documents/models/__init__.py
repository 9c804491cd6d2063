"""Documents: incoming register (收文), handling (拟办/批示/承办), circulation (传阅), archive
(归档), borrowing (借阅) and outgoing documents (发文).

`IncomingDocument.objects.visible_to(user)` is the one rule of who sees what; every list, page,
search hit, export, file and API route starts from it.
"""

from .archive import ArchiveQuerySet, ArchiveRecord, Retention
from .borrowing import (
    BORROWING_FLOW,
    BORROWING_READERS,
    Borrowing,
    BorrowingEvent,
    BorrowingQuerySet,
    BorrowingStatus,
)
from .incoming import (
    CLASSIFIED_RANK,
    FLOW,
    REGISTER_READERS,
    Circulation,
    DocKind,
    DocumentEvent,
    EventAction,
    HandlingTask,
    IncomingDocument,
    IncomingQuerySet,
    KnowledgeScope,
    Ledger,
    Proposal,
    RoutingSlip,
    SlipQuerySet,
    Status,
    Urgency,
    item_visible_to,
)
from .outgoing import (
    OUTGOING_FLOW,
    CopyQuerySet,
    CopyRole,
    OutgoingCopy,
    OutgoingDocument,
    OutgoingQuerySet,
    OutgoingStatus,
    OutgoingTemplate,
)

__all__ = [
    "BORROWING_FLOW",
    "BORROWING_READERS",
    "CLASSIFIED_RANK",
    "FLOW",
    "OUTGOING_FLOW",
    "REGISTER_READERS",
    "ArchiveQuerySet",
    "ArchiveRecord",
    "Borrowing",
    "BorrowingEvent",
    "BorrowingQuerySet",
    "BorrowingStatus",
    "Circulation",
    "CopyQuerySet",
    "CopyRole",
    "DocKind",
    "DocumentEvent",
    "EventAction",
    "HandlingTask",
    "IncomingDocument",
    "IncomingQuerySet",
    "KnowledgeScope",
    "Ledger",
    "OutgoingCopy",
    "OutgoingDocument",
    "OutgoingQuerySet",
    "OutgoingStatus",
    "OutgoingTemplate",
    "Proposal",
    "Retention",
    "RoutingSlip",
    "SlipQuerySet",
    "Status",
    "Urgency",
    "item_visible_to",
]
