"""Every state change of the documents app (the only writer of its models)."""

from .archive import (
    catalogue_workbook,
    document_archive,
    fixity_check,
    is_finished,
    outgoing_archive,
)
from .borrowing import (
    borrowing_approved,
    borrowing_rejected,
    borrowing_request,
    borrowing_return,
)
from .circulation import circulation_start, slip_sign
from .handling import document_instruct, document_propose, task_report
from .incoming import (
    declassify_review,
    document_attach,
    document_register,
    document_return,
    document_update,
    scope_extend,
)
from .outgoing import (
    outgoing_acknowledge,
    outgoing_create,
    outgoing_declassify_review,
    outgoing_issue,
    outgoing_resubmit,
    outgoing_review,
    outgoing_sign_off,
)

__all__ = [
    "borrowing_approved",
    "borrowing_rejected",
    "borrowing_request",
    "borrowing_return",
    "catalogue_workbook",
    "circulation_start",
    "declassify_review",
    "document_archive",
    "document_attach",
    "document_instruct",
    "document_propose",
    "document_register",
    "document_return",
    "document_update",
    "fixity_check",
    "is_finished",
    "outgoing_acknowledge",
    "outgoing_archive",
    "outgoing_create",
    "outgoing_declassify_review",
    "outgoing_issue",
    "outgoing_resubmit",
    "outgoing_review",
    "outgoing_sign_off",
    "scope_extend",
    "slip_sign",
    "task_report",
]
