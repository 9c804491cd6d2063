"""Request types: how a domain module plugs into the one approval mechanism.

A module calls `register_request_type("purchase", _("Purchase"), on_approved=...)` from its
AppConfig.ready(). Callbacks are called as `callback(request, by=user)` inside the transaction
that decided the request, so a failing callback rolls the decision back.

`can_view(user)` widens who may read requests of that type: return a Q over ApprovalRequest
(e.g. `Q(department__in=user.scope_departments())`), True for all of them, or None/False.

`can_handle(user, request) -> bool` says whether `user` may see what a request of that type is
about (its target: a classified item to lend, say). A delegate who may not never gets the task
(it stays with the person they stand in for), and nobody who may not can decide it. Types
without one may be handled by anyone the chain names.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class RequestType:
    code: str
    label: str
    on_approved: Callable | None = None
    on_rejected: Callable | None = None
    on_returned: Callable | None = None
    can_view: Callable | None = None
    on_withdrawn: Callable | None = None
    can_handle: Callable | None = None


_TYPES: dict[str, RequestType] = {}

GENERAL = "general"


def register_request_type(
    code,
    label,
    *,
    on_approved=None,
    on_rejected=None,
    on_returned=None,
    on_withdrawn=None,
    can_view=None,
    can_handle=None,
) -> RequestType:
    """Register (or re-register, e.g. on reload) a request type under `code`.

    Callbacks run as `fn(request, by=user)` inside the transaction of the decision (or of the
    requester's withdrawal), so a failing callback undoes it.
    """
    request_type = RequestType(
        code, label, on_approved, on_rejected, on_returned, can_view, on_withdrawn, can_handle
    )
    _TYPES[code] = request_type
    return request_type


def get_request_type(code: str) -> RequestType | None:
    return _TYPES.get(code)


def request_type_choices() -> list[tuple[str, str]]:
    return [(t.code, t.label) for t in _TYPES.values()]


def label_of(code: str) -> str:
    request_type = _TYPES.get(code)
    return request_type.label if request_type else code


def may_handle(user, request) -> bool:
    """Whether `user` may see what `request` is about (its type's `can_handle`; True without)."""
    request_type = _TYPES.get(request.request_type)
    if request_type is None or request_type.can_handle is None:
        return True
    return bool(request_type.can_handle(user, request))


def view_conditions(user):
    """(code, Q) pairs from the registered types' `can_view` for this user."""
    for request_type in _TYPES.values():
        if request_type.can_view is None:
            continue
        extra = request_type.can_view(user)
        if extra is True:
            yield request_type.code, Q()
        elif extra:
            yield request_type.code, extra


register_request_type(GENERAL, _("General request"))
