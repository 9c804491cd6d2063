"""Approval requests: submit, decide (approve / reject / return), resubmit, withdraw."""

from collections.abc import Iterable
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from zhongshu.audit import services as audit
from zhongshu.core.errors import Conflict, ServiceError, check_transition, ensure
from zhongshu.core.numbering import next_number
from zhongshu.core.roles import Role
from zhongshu.files.services import attachment_create
from zhongshu.org.models import Department, User

from .. import registry
from ..models import (
    REQUEST_FLOW,
    ApprovalChain,
    ApprovalEvent,
    ApprovalRequest,
    ApprovalStep,
    ApprovalTask,
    ApproverKind,
    Delegation,
    EventAction,
    RequestStatus,
    StepMode,
    TaskStatus,
)
from .deadlines import deadline_done, deadline_set
from .notifications import send_notice

DEADLINE_KIND = "approval"
DECISIONS = {
    "approve": TaskStatus.APPROVED,
    "reject": TaskStatus.REJECTED,
    "return": TaskStatus.RETURNED,
}


# --- chain selection and approver resolution ----------------------------------------------
def _ancestors(department: Department | None) -> list[Department]:
    """The department and its ancestors, nearest first."""
    if department is None:
        return []
    ids = [int(part) for part in department.path.strip("/").split("/") if part]
    found = {d.pk: d for d in Department.objects.filter(pk__in=ids).select_related("head")}
    return [found[pk] for pk in reversed(ids) if pk in found]


def select_chain(
    request_type: str, department: Department | None, amount: Decimal | None
) -> ApprovalChain:
    """The active chain for the type whose department is the request's or an ancestor (the most
    specific wins) and whose amount range holds the amount (none counts as 0); then priority."""
    depth = {d.pk: i for i, d in enumerate(_ancestors(department))}
    value = amount if amount is not None else Decimal("0")
    candidates = []
    for chain in ApprovalChain.objects.active().filter(request_type=request_type):
        if chain.department_id is not None and chain.department_id not in depth:
            continue
        if chain.min_amount is not None and value < chain.min_amount:
            continue
        if chain.max_amount is not None and value >= chain.max_amount:
            continue
        specificity = depth.get(chain.department_id, len(depth) + 1)
        candidates.append(((specificity, -chain.priority, chain.pk), chain))
    if not candidates:
        if department is not None:
            message = _(
                "No approval chain is configured for “%(type)s” in %(department)s. "
                "Ask the admin supervisor."
            )
        else:
            message = _("No approval chain is configured for “%(type)s”. Ask the admin supervisor.")
        raise ServiceError(
            message % {"type": registry.label_of(request_type), "department": department},
            code="no_chain",
        )
    return min(candidates, key=lambda item: item[0])[1]


def _department_heads(request: ApprovalRequest) -> list[User]:
    heads = []
    for department in _ancestors(request.department):
        head = department.head
        if head and head.is_active and head.pk != request.requester_id and head not in heads:
            heads.append(head)
    return heads


def resolve_approvers(step: ApprovalStep, request: ApprovalRequest) -> list[User]:
    """The people who decide `step` for `request`; the requester never approves their own."""
    if step.approver_kind == ApproverKind.ROLE:
        people = (
            list(User.objects.with_role(step.role_code).order_by("pk")) if step.role_code else []
        )
    elif step.approver_kind == ApproverKind.USERS:
        people = list(step.users.filter(is_active=True).order_by("pk"))
    else:
        heads = _department_heads(request)
        index = 0 if step.approver_kind == ApproverKind.DEPT_HEAD else 1
        people = heads[index : index + 1]
    return [person for person in people if person.pk != request.requester_id]


def _route(person: User, request: ApprovalRequest, now: datetime) -> tuple[User, User | None]:
    """Apply an active delegation: (assignee, acting_for). A delegate who may not see what the
    request is about (its type's `can_handle`: a classified item for someone not cleared) does
    not get the task; it stays with `person`."""
    for delegation in (
        Delegation.objects.active_at(now).filter(from_user=person).select_related("to_user")
    ):
        delegate = delegation.to_user
        if (
            delegation.covers(request.request_type)
            and delegate.is_active
            and delegate.pk != request.requester_id
            and registry.may_handle(delegate, request)
        ):
            return delegate, person
    return person, None


# --- helpers ------------------------------------------------------------------------------
def request_url(request: ApprovalRequest) -> str:
    return reverse("workflow:request_detail", args=[request.pk])


def _event(
    request: ApprovalRequest,
    *,
    actor: User | None,
    action: str,
    from_status: str = "",
    to_status: str = "",
    comment: str = "",
    task: ApprovalTask | None = None,
) -> ApprovalEvent:
    return ApprovalEvent.objects.create(
        request=request,
        task=task,
        actor=actor,
        action=action,
        from_status=from_status,
        to_status=to_status or request.status,
        comment=comment,
    )


def _snapshot(request: ApprovalRequest) -> dict[str, object]:
    return {
        "status": request.status,
        "title": request.title,
        "amount": str(request.amount) if request.amount is not None else None,
        "current_step": request.current_step_id,
    }


def _clean_fields(
    title: str | None, reason: str | None, amount: Decimal | str | None
) -> tuple[str, str, Decimal | None]:
    title = (title or "").strip()
    if not title:
        raise ServiceError(_("Please enter a title."), field="title")
    if len(title) > 200:
        raise ServiceError(_("The title is too long (200 characters at most)."), field="title")
    if amount is not None and amount != "":
        try:
            amount = Decimal(str(amount)).quantize(Decimal("0.01"))
        except InvalidOperation:
            raise ServiceError(_("Enter a valid amount."), field="amount") from None
        if amount < 0 or amount >= Decimal("10000000000"):
            raise ServiceError(_("Enter a valid amount."), field="amount")
    else:
        amount = None
    return title, (reason or "").strip(), amount


def _enter_next_step(
    request: ApprovalRequest, *, after: ApprovalStep | None, now: datetime
) -> bool:
    """Open the first step after `after` that has approvers; False when none is left."""
    steps = list(request.chain.steps.order_by("order", "id"))
    if after is not None:
        position = next((i for i, s in enumerate(steps) if s.pk == after.pk), len(steps))
        steps = steps[position + 1 :]
    for step in steps:
        people = resolve_approvers(step, request)
        if not people:
            _event(request, actor=None, action=EventAction.STEP_SKIPPED, comment=step.name)
            continue
        request.current_step = step
        request.save(update_fields=["current_step"])
        time_limit = timedelta(hours=step.due_hours) if step.due_hours else None
        due_at = now + time_limit if time_limit else None
        assignees = []
        for person in people:
            assignee, acting_for = _route(person, request, now)
            task = ApprovalTask.objects.create(
                request=request,
                step=step,
                assignee=assignee,
                acting_for=acting_for,
                created_at=now,
                due_at=due_at,
            )
            assignees.append(assignee)
            if due_at and time_limit:
                deadline_set(
                    target=task,
                    kind=DEADLINE_KIND,
                    owner=assignee,
                    due_at=due_at,
                    title=_("Approve %(number)s %(title)s")
                    % {"number": request.number, "title": request.title},
                    url=request_url(request),
                    escalate_role=Role.SUPERVISOR,
                    remind_before=min(timedelta(hours=2), time_limit / 2),
                )
        send_notice(
            recipients=assignees,
            title=_("Approval needed: %(number)s %(title)s")
            % {"number": request.number, "title": request.title},
            body=_("Requested by %(name)s. Step: %(step)s.")
            % {"name": request.requester.display_name, "step": step.name},
            url=request_url(request),
            kind="approval",
        )
        return True
    request.current_step = None
    request.save(update_fields=["current_step"])
    return False


def _close_open_tasks(
    request: ApprovalRequest, *, now: datetime, exclude: ApprovalTask | None = None
) -> list[User]:
    """Mark the request's other pending tasks as not needed; returns their assignees."""
    open_tasks = list(request.tasks.pending().exclude(pk=getattr(exclude, "pk", None)))
    for task in open_tasks:
        task.status = TaskStatus.SKIPPED
        task.decided_at = now
        task.save(update_fields=["status", "decided_at"])
        deadline_done(target=task, kind=DEADLINE_KIND)
    return [task.assignee for task in open_tasks]


def _notify_requester(request: ApprovalRequest, title: str) -> None:
    send_notice(
        recipients=[request.requester],
        title=title % {"number": request.number, "title": request.title},
        url=request_url(request),
        kind="approval_result",
    )


def _lock(request: ApprovalRequest) -> ApprovalRequest:
    return (
        ApprovalRequest.objects.select_for_update()
        .select_related("chain", "requester")
        .get(pk=request.pk)
    )


# --- services -----------------------------------------------------------------------------
@transaction.atomic
def approval_submit(
    *,
    request_type: str,
    title: str,
    reason: str = "",
    amount: Decimal | str | None = None,
    department: Department | None = None,
    target: models.Model | None = None,
    by: User,
) -> ApprovalRequest:
    """Open a request and route it to the first step of the matching chain."""
    ensure(by, "workflow.submit_request", message=_("Your account cannot submit requests."))
    if registry.get_request_type(request_type) is None:
        raise ServiceError(
            _("Unknown request type “%(type)s”.") % {"type": request_type}, field="request_type"
        )
    title, reason, amount = _clean_fields(title, reason, amount)
    department = department or by.department
    chain = select_chain(request_type, department, amount)
    now = timezone.now()
    request = ApprovalRequest.objects.create(
        number=next_number("approval", "SP-{year}-{seq:06d}"),
        request_type=request_type,
        title=title,
        reason=reason,
        amount=amount,
        department=department,
        requester=by,
        chain=chain,
        target_type=ContentType.objects.get_for_model(target) if target is not None else None,
        target_id=target.pk if target is not None else None,
        status=RequestStatus.PENDING,
        created_at=now,
        submitted_at=now,
    )
    _event(request, actor=by, action=EventAction.SUBMITTED, to_status=RequestStatus.PENDING)
    if not _enter_next_step(request, after=None, now=now):
        raise ServiceError(
            _(
                "Nobody can approve this request: every step of “%(chain)s” is empty. "
                "Ask the admin supervisor."
            )
            % {"chain": chain.name},
            code="no_approver",
        )
    audit.record(
        actor=by, action="workflow.request_submitted", obj=request, after=_snapshot(request)
    )
    return request


@transaction.atomic
def request_submit(
    *,
    title: str,
    reason: str = "",
    amount: Decimal | str | None = None,
    attachments: Iterable[UploadedFile] = (),
    by: User,
) -> ApprovalRequest:
    """Submit a general request (通用事项申请) with its files, in one transaction.

    The request page and the API both call this; a refused file leaves no request behind.
    """
    request = approval_submit(
        request_type=registry.GENERAL, title=title, reason=reason, amount=amount, by=by
    )
    for upload in attachments:
        try:
            attachment_create(owner=request, upload=upload, by=by)
        except ServiceError as error:
            raise ServiceError(error.detail, code=error.code, field="attachments") from error
    return request


@transaction.atomic
def approval_resubmit(
    *,
    request: ApprovalRequest,
    title: str,
    reason: str,
    amount: Decimal | str | None,
    by: User,
) -> ApprovalRequest:
    """The requester revises a returned request; it starts again from the first step."""
    request = _lock(request)
    ensure(
        by,
        "workflow.edit_request",
        request,
        message=_("Only the requester can revise this request."),
    )
    check_transition(REQUEST_FLOW, request.status, RequestStatus.PENDING)
    before = _snapshot(request)
    title, reason, amount = _clean_fields(title, reason, amount)
    chain = select_chain(request.request_type, request.department, amount)
    now = timezone.now()
    request.title, request.reason, request.amount, request.chain = title, reason, amount, chain
    request.status = RequestStatus.PENDING
    request.submitted_at = now
    request.decided_at = None
    request.save()
    _event(
        request,
        actor=by,
        action=EventAction.RESUBMITTED,
        from_status=RequestStatus.RETURNED,
        to_status=RequestStatus.PENDING,
    )
    if not _enter_next_step(request, after=None, now=now):
        raise ServiceError(
            _(
                "Nobody can approve this request: every step of “%(chain)s” is empty. "
                "Ask the admin supervisor."
            )
            % {"chain": chain.name},
            code="no_approver",
        )
    audit.record(
        actor=by,
        action="workflow.request_resubmitted",
        obj=request,
        before=before,
        after=_snapshot(request),
    )
    return request


@transaction.atomic
def approval_withdraw(*, request: ApprovalRequest, by: User) -> ApprovalRequest:
    """The requester takes back a request that is still open."""
    request = _lock(request)
    ensure(
        by,
        "workflow.withdraw_request",
        request,
        message=_("Only the requester can withdraw this request."),
    )
    check_transition(REQUEST_FLOW, request.status, RequestStatus.WITHDRAWN)
    before = _snapshot(request)
    now = timezone.now()
    previous = request.status
    waiting = _close_open_tasks(request, now=now)
    request.status = RequestStatus.WITHDRAWN
    request.current_step = None
    request.decided_at = now
    request.save(update_fields=["status", "current_step", "decided_at"])
    _event(request, actor=by, action=EventAction.WITHDRAWN, from_status=previous)
    request_type = registry.get_request_type(request.request_type)
    if request_type and request_type.on_withdrawn:
        request_type.on_withdrawn(request, by=by)
    if waiting:
        send_notice(
            recipients=waiting,
            title=_("Request %(number)s %(title)s was withdrawn")
            % {"number": request.number, "title": request.title},
            url=request_url(request),
            kind="approval",
        )
    audit.record(
        actor=by,
        action="workflow.request_withdrawn",
        obj=request,
        before=before,
        after=_snapshot(request),
    )
    return request


@transaction.atomic
def approval_decide(
    *, task: ApprovalTask, decision: str, comment: str = "", by: User
) -> ApprovalTask:
    """Approve, reject or return (退回) one task; moves the request when the step is settled."""
    if decision not in DECISIONS:
        raise ServiceError(_("Choose approve, reject or return."), field="decision")
    comment = (comment or "").strip()
    if decision != "approve" and not comment:
        raise ServiceError(_("Please give a reason when you reject or return."), field="comment")
    request = _lock(task.request)
    task = ApprovalTask.objects.select_related("step").get(pk=task.pk)
    if task.assignee_id != by.pk or not by.is_active:
        raise PermissionDenied(_("This approval task is assigned to someone else."))
    if not registry.may_handle(by, request):
        # E.g. a delegate whose task was routed before they lost (or never had) the clearance
        # for the item the request is about.
        raise PermissionDenied(_("You may not see what this request is about."))
    if request.status != RequestStatus.PENDING:
        raise Conflict(_("This request is already closed."), code="request_closed")
    if task.status == TaskStatus.SKIPPED:
        raise Conflict(_("Another approver has already settled this step."), code="step_settled")
    if task.status != TaskStatus.PENDING:
        raise Conflict(_("You have already decided this task."), code="already_decided")
    now = timezone.now()
    before = _snapshot(request)
    task.status = DECISIONS[decision]
    task.comment = comment
    task.decided_at = now
    task.save(update_fields=["status", "comment", "decided_at"])
    deadline_done(target=task, kind=DEADLINE_KIND)
    request_type = registry.get_request_type(request.request_type)
    previous = request.status

    if decision == "approve":
        step_open = (
            task.step.mode == StepMode.ALL
            and request.tasks.pending().filter(step=task.step).exists()
        )
        if not step_open:
            _close_open_tasks(request, now=now, exclude=task)
            if not _enter_next_step(request, after=task.step, now=now):
                request.status = RequestStatus.APPROVED
        action, callback = EventAction.APPROVED, request_type and request_type.on_approved
        outcome = _("Your request %(number)s %(title)s was approved")
    else:
        _close_open_tasks(request, now=now, exclude=task)
        if decision == "reject":
            request.status = RequestStatus.REJECTED
            action, callback = EventAction.REJECTED, request_type and request_type.on_rejected
            outcome = _("Your request %(number)s %(title)s was rejected")
        else:
            request.status = RequestStatus.RETURNED
            action, callback = EventAction.RETURNED, request_type and request_type.on_returned
            outcome = _("Your request %(number)s %(title)s was returned for revision")

    finished = request.status != previous
    if finished:
        check_transition(REQUEST_FLOW, previous, request.status)
        request.current_step = None
        request.decided_at = now if request.status != RequestStatus.RETURNED else None
        request.save(update_fields=["status", "current_step", "decided_at"])
    _event(request, actor=by, action=action, from_status=previous, comment=comment, task=task)
    audit.record(
        actor=by,
        action=f"workflow.task_{task.status}",
        obj=request,
        before=before,
        after={**_snapshot(request), "task": task.pk, "step": task.step.name},
        note=comment,
    )
    if finished:
        _notify_requester(request, outcome)
        if callback:
            callback(request, by=by)
    return task
