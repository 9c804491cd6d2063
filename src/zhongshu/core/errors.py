"""Errors raised by services; views and the API turn them into messages for people."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _


class ServiceError(Exception):
    """A refused request: bad input (400) or a conflict with the current state (409)."""

    status = 400

    def __init__(self, detail, *, code: str = "invalid", field: str | None = None):
        super().__init__(str(detail))
        self.detail = detail
        self.code = code
        self.field = field


class Conflict(ServiceError):
    """The request clashes with the current state or with another user's change."""

    status = 409

    def __init__(self, detail, *, code: str = "conflict", field: str | None = None):
        super().__init__(detail, code=code, field=field)


def ensure(user, perm: str, obj=None, message=None) -> None:
    """Raise PermissionDenied with a readable message unless `user` has `perm` (on `obj`)."""
    if not user.has_perm(perm, obj):
        raise PermissionDenied(message or _("You are not allowed to do this."))


def check_transition(flow: dict, current: str, target: str) -> None:
    """Refuse a status move that the workflow's transition table does not allow."""
    if target not in flow.get(current, ()):
        raise Conflict(
            _("This action is not possible in the current state."), code="invalid_transition"
        )
