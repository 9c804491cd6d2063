"""Every state change of the workflow app (the only writer of its models)."""

from .approvals import (
    approval_decide,
    approval_resubmit,
    approval_submit,
    approval_withdraw,
    request_submit,
    resolve_approvers,
    select_chain,
)
from .chains import chain_save
from .deadlines import deadline_done, deadline_set, deadlines_process
from .delegations import delegation_cancel, delegation_set

__all__ = [
    "approval_decide",
    "approval_resubmit",
    "approval_submit",
    "approval_withdraw",
    "chain_save",
    "deadline_done",
    "deadline_set",
    "deadlines_process",
    "delegation_cancel",
    "delegation_set",
    "request_submit",
    "resolve_approvers",
    "select_chain",
]
