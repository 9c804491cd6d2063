"""拟办 → 批示 → 承办 → 办结: proposal, a leader's instruction, departments' tasks, closing."""

from collections.abc import Iterable
from datetime import date, datetime, time

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhongshu.audit.services import record
from zhongshu.core.errors import Conflict, ServiceError, check_transition, ensure
from zhongshu.core.roles import Role
from zhongshu.notices.services import notify
from zhongshu.org.models import Department, User
from zhongshu.workflow.services import deadline_done, deadline_set

from ..models import (
    FLOW,
    EventAction,
    HandlingTask,
    IncomingDocument,
    KnowledgeScope,
    Proposal,
    Status,
)
from .common import check_cleared, document_url, event, lock, scope_add

INSTRUCT_KIND = "documents.instruct"
TASK_KIND = "documents.handle"


def _due_at(due_date: date | None) -> datetime | None:
    if due_date is None:
        return None
    if due_date < timezone.localdate():
        raise ServiceError(_("The due date is in the past."), code="past_due", field="due_date")
    return timezone.make_aware(datetime.combine(due_date, time(18)))


def _departments(
    lead: Department | None, assisting: Iterable[Department]
) -> list[tuple[Department, User, str]]:
    """The lead and assisting departments, each with its head (who handles) and task role."""
    if lead is None:
        raise ServiceError(_("Choose the lead department."), code="required", field="lead")
    wanted = [(lead, HandlingTask.Role.LEAD)]
    wanted += [(d, HandlingTask.Role.ASSIST) for d in assisting if d.pk != lead.pk]
    chosen: list[tuple[Department, User, str]] = []
    for department, role in wanted:
        head = department.head
        if head is None or not head.is_active:
            raise ServiceError(
                _("%(department)s has no department head to handle the item.")
                % {"department": department.name},
                code="no_head",
                field="lead",
            )
        chosen.append((department, head, role))
    return chosen


def _open_tasks(
    document: IncomingDocument,
    chosen: list[tuple[Department, User, str]],
    due_at: datetime | None,
    by: User,
) -> list[HandlingTask]:
    check_cleared(document, [head for _department, head, _role in chosen])
    tasks = [
        HandlingTask.objects.create(
            document=document,
            department=department,
            assignee=head,
            role=role,
            due_at=due_at,
        )
        for department, head, role in chosen
    ]
    handlers = [task.assignee for task in tasks]
    scope_add(document, handlers, KnowledgeScope.Reason.HANDLER)
    for task in tasks:
        if due_at:
            deadline_set(
                target=task,
                kind=TASK_KIND,
                owner=task.assignee,
                due_at=due_at,
                title=_("Handle: %(title)s") % {"title": document.safe_title},
                url=document_url(document),
                escalate_to=[by],
                escalate_role=Role.SUPERVISOR,
            )
    notify(
        recipients=handlers,
        title=_("To handle: %(title)s") % {"title": document.safe_title},
        url=document_url(document),
        kind="documents.handle",
    )
    return tasks


@transaction.atomic
def document_propose(
    *,
    document: IncomingDocument,
    action: str,
    by: User,
    opinion: str = "",
    basis: str = "",
    priority: str = Proposal.Priority.NORMAL,
    due_date: date | None = None,
    leader: User | None = None,
    lead: Department | None = None,
    assisting: Iterable[Department] = (),
) -> Proposal:
    """拟办: to a leader for instruction, to departments for handling, or for information."""
    document = lock(document)
    ensure(by, "documents.manage_document", document)
    if action not in Proposal.Action.values:
        raise ServiceError(_("Unknown proposed handling."), code="invalid_action", field="action")
    if priority not in Proposal.Priority.values:
        raise ServiceError(_("Unknown priority."), code="invalid_priority", field="priority")
    if document.status != Status.REGISTERED:
        raise Conflict(_("This item has already been proposed."), code="invalid_transition")
    due_at = _due_at(due_date)
    targets: dict[str, str] = {
        Proposal.Action.INSTRUCT: Status.AWAITING_INSTRUCTION,
        Proposal.Action.DEPARTMENTS: Status.HANDLING,
        Proposal.Action.INFORM: Status.DONE,
    }
    target = targets[action]
    check_transition(FLOW, document.status, target)
    asked = None  # the leader asked for an instruction
    if action == Proposal.Action.INSTRUCT:
        if leader is None or not leader.is_active or not leader.has_role(Role.LEADER):
            raise ServiceError(_("Choose a leader."), code="required", field="leader")
        check_cleared(document, [leader])
        asked = leader
    proposal = Proposal.objects.create(
        document=document,
        action=action,
        opinion=opinion.strip(),
        basis=basis.strip(),
        priority=priority,
        due_date=due_date,
        leader=asked,
        created_by=by,
    )
    scope_add(document, [by], KnowledgeScope.Reason.PROPOSAL)
    if asked is not None:
        scope_add(document, [asked], KnowledgeScope.Reason.INSTRUCTION)
        if due_at:
            deadline_set(
                target=document,
                kind=INSTRUCT_KIND,
                owner=asked,
                due_at=due_at,
                title=_("Instruction: %(title)s") % {"title": document.safe_title},
                url=document_url(document),
                escalate_to=[by],
            )
        notify(
            recipients=[asked],
            title=_("For your instruction: %(title)s") % {"title": document.safe_title},
            url=document_url(document),
            kind="documents.instruct",
        )
    elif action == Proposal.Action.DEPARTMENTS:
        _open_tasks(document, _departments(lead, assisting), due_at, by)
    document.status = target
    if target == Status.DONE:
        document.finished_at = timezone.now()
    document.save(update_fields=["status", "finished_at"])
    event(
        document,
        by=by,
        action=EventAction.PROPOSED,
        note=f"{proposal.get_action_display()} {opinion}",
    )
    record(
        actor=by,
        action="documents.incoming_proposed",
        obj=document,
        before={"status": Status.REGISTERED},
        after={"status": target, "action": action, "leader": getattr(leader, "pk", None)},
    )
    return proposal


@transaction.atomic
def document_instruct(
    *,
    document: IncomingDocument,
    text: str,
    by: User,
    lead: Department | None = None,
    assisting: Iterable[Department] = (),
    due_date: date | None = None,
) -> Proposal:
    """批示: the leader's instruction; with departments it opens their handling tasks."""
    document = lock(document)
    ensure(by, "documents.instruct", document)
    text = (text or "").strip()
    if not text:
        raise ServiceError(_("Write the instruction."), code="required", field="text")
    if document.status != Status.AWAITING_INSTRUCTION:
        raise Conflict(_("This item is not awaiting an instruction."), code="invalid_transition")
    proposal = document.proposals.filter(leader=by, instructed_at__isnull=True).latest("id")
    due_at = _due_at(due_date)
    chosen = _departments(lead, assisting) if lead is not None else []
    proposal.instruction = text
    proposal.instructed_at = timezone.now()
    proposal.save(update_fields=["instruction", "instructed_at"])
    deadline_done(target=document, kind=INSTRUCT_KIND)
    target = Status.HANDLING if chosen else Status.DONE
    if chosen:
        _open_tasks(document, chosen, due_at, proposal.created_by)
    document.status = target
    if target == Status.DONE:
        document.finished_at = timezone.now()
    document.save(update_fields=["status", "finished_at"])
    event(document, by=by, action=EventAction.INSTRUCTED, note=text)
    record(
        actor=by,
        action="documents.incoming_instructed",
        obj=document,
        before={"status": Status.AWAITING_INSTRUCTION},
        after={"status": target, "departments": [d.pk for d, _head, _role in chosen]},
    )
    return proposal


@transaction.atomic
def task_report(*, task: HandlingTask, result: str, by: User) -> HandlingTask:
    """承办 result; when the last open task reports, the item is done (办结)."""
    task = HandlingTask.objects.select_for_update().get(pk=task.pk)
    ensure(by, "documents.report_task", task)
    result = (result or "").strip()
    if not result:
        raise ServiceError(_("Describe the result."), code="required", field="result")
    if task.state != HandlingTask.State.OPEN:
        raise Conflict(_("This task has already been reported."), code="already_done")
    document = lock(task.document)
    task.state = HandlingTask.State.DONE
    task.result = result
    task.reported_at = timezone.now()
    task.save(update_fields=["state", "result", "reported_at"])
    deadline_done(target=task)
    event(
        document,
        by=by,
        action=EventAction.TASK_REPORTED,
        note=f"{task.department.name}: {result}",
    )
    record(
        actor=by,
        action="documents.task_reported",
        obj=document,
        after={"task": task.pk, "department": task.department_id},
    )
    if not document.tasks.filter(state=HandlingTask.State.OPEN).exists():
        check_transition(FLOW, document.status, Status.DONE)
        document.status = Status.DONE
        document.finished_at = timezone.now()
        document.save(update_fields=["status", "finished_at"])
        event(document, by=by, action=EventAction.DONE)
        record(
            actor=by,
            action="documents.incoming_done",
            obj=document,
            before={"status": Status.HANDLING},
            after={"status": Status.DONE},
        )
        notify(
            recipients=[document.registered_by],
            title=_("Handling completed: %(title)s") % {"title": document.safe_title},
            url=document_url(document),
            kind="documents.done",
        )
    return task
