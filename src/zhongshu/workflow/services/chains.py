"""Approval chain configuration (supervisors only)."""

from typing import Any

from django.db import transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from zhongshu.audit import services as audit
from zhongshu.core.errors import ServiceError, ensure
from zhongshu.org.models import User

from .. import registry
from ..models import ApprovalChain, ApprovalStep, ApproverKind, StepMode

CHAIN_FIELDS = (
    "request_type",
    "name",
    "department",
    "min_amount",
    "max_amount",
    "priority",
    "is_active",
)
STEP_FIELDS = ("order", "name", "approver_kind", "role_code", "mode", "due_hours")


def _describe(chain: ApprovalChain) -> dict[str, Any]:
    return {
        "request_type": chain.request_type,
        "name": chain.name,
        "department": chain.department_id,
        "min_amount": str(chain.min_amount) if chain.min_amount is not None else None,
        "max_amount": str(chain.max_amount) if chain.max_amount is not None else None,
        "priority": chain.priority,
        "is_active": chain.is_active,
        "steps": [
            {
                "id": s.pk,
                "order": s.order,
                "name": s.name,
                "approver_kind": s.approver_kind,
                "role_code": s.role_code,
                "users": sorted(s.users.values_list("pk", flat=True)),
                "mode": s.mode,
                "due_hours": s.due_hours,
            }
            for s in chain.steps.order_by("order", "id")
        ]
        if chain.pk
        else [],
    }


def _validate(fields: dict[str, Any], steps: list[dict[str, Any]]) -> None:
    if registry.get_request_type(fields["request_type"]) is None:
        raise ServiceError(_("Unknown request type."), field="request_type")
    if not (fields.get("name") or "").strip():
        raise ServiceError(_("Please enter a name."), field="name")
    low, high = fields.get("min_amount"), fields.get("max_amount")
    if low is not None and high is not None and low >= high:
        raise ServiceError(
            _("The maximum amount must be greater than the minimum amount."), field="max_amount"
        )
    if not steps:
        raise ServiceError(_("A chain needs at least one step."), code="no_steps")
    for step in steps:
        if not (step.get("name") or "").strip():
            raise ServiceError(_("Every step needs a name."), field="steps")
        kind = step.get("approver_kind")
        if kind not in ApproverKind.values or step.get("mode") not in StepMode.values:
            raise ServiceError(_("Choose who approves each step."), field="steps")
        if kind == ApproverKind.ROLE and not step.get("role_code"):
            raise ServiceError(
                _("Step “%(step)s” approves by role: choose the role.") % {"step": step["name"]},
                field="steps",
            )
        if kind == ApproverKind.USERS and not step.get("users"):
            raise ServiceError(
                _("Step “%(step)s” approves by named people: list them.") % {"step": step["name"]},
                field="steps",
            )


@transaction.atomic
def chain_save(
    *,
    chain: ApprovalChain | None = None,
    fields: dict[str, Any],
    steps: list[dict[str, Any]],
    by: User,
) -> ApprovalChain:
    """Create or update a chain and replace its steps.

    `steps` are dicts with the step fields, `users` (a list of users) and, for existing steps,
    `id`. Steps are renumbered 1..n in the given order; a step left out is deleted unless
    requests already used it (then deactivate the chain and create a new one).
    """
    ensure(by, "workflow.manage_chains", message=_("Only the admin supervisor configures chains."))
    _validate(fields, steps)
    if chain is None:
        chain = ApprovalChain()
        before = None
    else:
        chain = ApprovalChain.objects.select_for_update().get(pk=chain.pk)
        before = _describe(chain)
    for name in CHAIN_FIELDS:
        if name in fields:
            setattr(chain, name, fields[name])
    chain.name = chain.name.strip()
    chain.save()
    existing: dict[int | None, ApprovalStep] = {step.pk: step for step in chain.steps.all()}
    kept = set()
    ordered = sorted(enumerate(steps), key=lambda item: (item[1].get("order") or 0, item[0]))
    for position, (_index, data) in enumerate(ordered, start=1):
        step = existing.get(data.get("id")) or ApprovalStep(chain=chain)
        for name in STEP_FIELDS:
            setattr(step, name, data.get(name))
        step.order = position
        step.name = step.name.strip()
        step.role_code = step.role_code if step.approver_kind == ApproverKind.ROLE else ""
        step.save()
        users = (data.get("users") or []) if step.approver_kind == ApproverKind.USERS else []
        step.users.set(users)
        kept.add(step.pk)
    for pk, step in existing.items():
        if pk in kept:
            continue
        try:
            with transaction.atomic():
                step.delete()
        except ProtectedError:
            raise ServiceError(
                _(
                    "Step “%(step)s” has been used by requests and cannot be removed; deactivate "
                    "this chain and create a new one instead."
                )
                % {"step": step.name},
                code="step_in_use",
                field="steps",
            ) from None
    audit.record(
        actor=by, action="workflow.chain_saved", obj=chain, before=before, after=_describe(chain)
    )
    return chain
