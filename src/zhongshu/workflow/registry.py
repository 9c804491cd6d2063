"""Request types: how a domain module plugs into the one approval mechanism.

A module calls `register_request_type("purchase", _("Purchase"), on_approved=...)` from its
AppConfig.ready(). Callbacks are called as `callback(request, by=user)` inside the transaction
that decided the request, so a failing callback rolls the decision back.

`can_view(user)` widens who may read requests of that type: return a Q over ApprovalRequest
(e.g. `Q(department__in=user.scope_departments())`), True for all of them, or None/False.
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
) -> RequestType:
    """Register (or re-register, e.g. on reload) a request type under `code`.

    Callbacks run as `fn(request, by=user)` inside the transaction of the decision (or of the
    requester's withdrawal), so a failing callback undoes it.
    """
    request_type = RequestType(
        code, label, on_approved, on_rejected, on_returned, can_view, on_withdrawn
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
