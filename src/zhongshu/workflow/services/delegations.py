"""Delegation (委托): while I am away, my new approval tasks go to a colleague."""

from collections.abc import Iterable
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhongshu.audit import services as audit
from zhongshu.core.errors import Conflict, ServiceError, ensure
from zhongshu.org.models import User

from .. import registry
from ..models import Delegation
from .notifications import send_notice


def _describe(delegation: Delegation) -> dict[str, object]:
    return {
        "from_user": delegation.from_user_id,
        "to_user": delegation.to_user_id,
        "start": delegation.start.isoformat(),
        "end": delegation.end.isoformat(),
        "request_types": list(delegation.request_types),
        "is_active": delegation.is_active,
    }


@transaction.atomic
def delegation_set(
    *,
    from_user: User,
    to_user: User | None,
    start: datetime | None,
    end: datetime | None,
    request_types: Iterable[str] = (),
    by: User,
) -> Delegation:
    """`by` (the person themselves, or a supervisor) hands `from_user`'s approvals to `to_user`."""
    ensure(
        by, "workflow.delegate_for", from_user, message=_("You can only set your own delegation.")
    )
    if to_user is None or not to_user.is_active:
        raise ServiceError(_("Choose an active colleague as delegate."), field="to_user")
    if to_user.pk == from_user.pk:
        raise ServiceError(_("You cannot delegate to yourself."), field="to_user")
    if start is None or end is None or end <= start:
        raise ServiceError(_("The end must be after the start."), field="end")
    if end <= timezone.now():
        raise ServiceError(_("The end must be in the future."), field="end")
    request_types = sorted(set(request_types or ()))
    unknown = [code for code in request_types if registry.get_request_type(code) is None]
    if unknown:
        raise ServiceError(_("Unknown request type."), field="request_types")
    # Lock the person's delegations so two overlapping ones cannot both pass the check.
    mine = list(Delegation.objects.select_for_update().filter(from_user=from_user, is_active=True))
    if any(d.start < end and start < d.end for d in mine):
        raise Conflict(
            _("You already have a delegation in this period; cancel it first."), code="overlap"
        )
    delegation = Delegation.objects.create(
        from_user=from_user, to_user=to_user, start=start, end=end, request_types=request_types
    )
    audit.record(
        actor=by, action="workflow.delegation_set", obj=delegation, after=_describe(delegation)
    )
    send_notice(
        recipients=[to_user],
        title=_("%(name)s delegated their approvals to you") % {"name": from_user.display_name},
        body=_("From %(start)s until %(end)s.")
        % {
            "start": timezone.localtime(start).strftime("%Y-%m-%d %H:%M"),
            "end": timezone.localtime(end).strftime("%Y-%m-%d %H:%M"),
        },
        kind="delegation",
    )
    return delegation


@transaction.atomic
def delegation_cancel(*, delegation: Delegation, by: User) -> Delegation:
    delegation = Delegation.objects.select_for_update().get(pk=delegation.pk)
    ensure(
        by,
        "workflow.delegate_for",
        delegation.from_user,
        message=_("You can only cancel your own delegation."),
    )
    if not delegation.is_active:
        raise Conflict(_("This delegation is already cancelled."), code="already_cancelled")
    before = _describe(delegation)
    delegation.is_active = False
    delegation.save(update_fields=["is_active"])
    audit.record(
        actor=by,
        action="workflow.delegation_cancelled",
        obj=delegation,
        before=before,
        after=_describe(delegation),
    )
    return delegation
