"""Periodic inspections (巡检): plans, the job that opens due tasks, recording results."""

import datetime
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.db import transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from zhongshu.audit.services import record
from zhongshu.core.errors import Conflict, ServiceError, ensure
from zhongshu.core.roles import Role
from zhongshu.org.models import User

from ..models import (
    Asset,
    AssetStatus,
    Category,
    InspectionPlan,
    InspectionResult,
    InspectionTask,
    IntervalUnit,
    Repair,
    RepairStatus,
)
from ..models.ledger import AssetQuerySet
from .common import add_months
from .maintenance import repair_open

# Tasks are opened this many days before their due date, so the reminder has time to work.
LEAD_DAYS = 3
MAX_ITEMS = 30
DEADLINE_KIND = "assets.inspection"


def _following(plan: InspectionPlan) -> datetime.date:
    if plan.unit == IntervalUnit.DAYS:
        return plan.next_due + datetime.timedelta(days=plan.every)
    return add_months(plan.next_due, plan.every)


def _lead(plan: InspectionPlan) -> datetime.timedelta:
    """How early a round opens: LEAD_DAYS, but never before the previous round is due."""
    if plan.unit == IntervalUnit.DAYS:
        return datetime.timedelta(days=min(LEAD_DAYS, plan.every - 1))
    return datetime.timedelta(days=LEAD_DAYS)


def _clean_checklist(checklist: str | Iterable[Any] | None) -> list[str]:
    if isinstance(checklist, str):
        checklist = checklist.splitlines()
    items = [str(item).strip()[:200] for item in checklist or () if str(item).strip()]
    if not items:
        raise ServiceError(_("Give at least one checklist item."), field="checklist")
    if len(items) > MAX_ITEMS:
        raise ServiceError(
            _("At most %(n)d checklist items.") % {"n": MAX_ITEMS}, field="checklist"
        )
    return items


def plan_assets(plan: InspectionPlan) -> AssetQuerySet:
    """The active assets a plan covers: its chosen assets, else its category's."""
    assets = Asset.objects.active().exclude(status=AssetStatus.LOST)
    if plan.category_id:
        return assets.filter(category_id=plan.category_id)
    return assets.filter(inspection_plans=plan)


@transaction.atomic
def inspection_plan_create(
    *,
    name: str,
    checklist: str | Iterable[Any] | None,
    assignee: User,
    next_due: datetime.date,
    every: int | str = 1,
    unit: str = IntervalUnit.MONTHS,
    category: Category | None = None,
    assets: Sequence[Asset] = (),
    by: User,
) -> InspectionPlan:
    ensure(by, "assets.manage")
    name = (name or "").strip()
    if not name:
        raise ServiceError(_("The name is required."), field="name")
    if (category is None) == (not assets):
        raise ServiceError(_("Choose a category or a set of assets."), field="category")
    try:
        interval = int(every)
    except (TypeError, ValueError):
        interval = 0
    if unit not in IntervalUnit.values or not 1 <= interval <= 366:
        raise ServiceError(_("Give an interval of 1 to 366 days or months."), field="every")
    if not assignee.is_active or not assignee.has_role(Role.LOGISTICS, Role.SUPERVISOR):
        raise ServiceError(_("The inspector must be a logistics officer."), field="assignee")
    plan = InspectionPlan.objects.create(
        name=name,
        category=category,
        every=interval,
        unit=unit,
        checklist=_clean_checklist(checklist),
        assignee=assignee,
        next_due=next_due,
        created_by=by,
    )
    if assets:
        plan.assets.set(assets)
    record(actor=by, action="assets.inspection_plan_created", obj=plan, after={"name": name})
    return plan


@transaction.atomic
def inspection_plan_stop(*, plan: InspectionPlan, by: User) -> InspectionPlan:
    ensure(by, "assets.manage")
    plan = InspectionPlan.objects.select_for_update().get(pk=plan.pk)
    if not plan.is_active:
        raise Conflict(_("This plan is already stopped."), code="stopped")
    plan.is_active = False
    plan.save(update_fields=["is_active"])
    record(actor=by, action="assets.inspection_plan_stopped", obj=plan)
    return plan


def _open_round(plan: InspectionPlan) -> int:
    """Open the tasks of the plan's next round and its deadline; advance the plan."""
    from zhongshu.workflow.services import deadline_set

    due_on = plan.next_due
    ids = list(plan_assets(plan).values_list("id", flat=True))
    InspectionTask.objects.bulk_create(
        [InspectionTask(plan=plan, asset_id=pk, due_on=due_on) for pk in ids],
        batch_size=1000,
        ignore_conflicts=True,
    )
    if ids:
        end_of_day = datetime.datetime.combine(due_on, datetime.time(18, 0))
        deadline_set(
            target=plan,
            kind=DEADLINE_KIND,
            owner=plan.assignee,
            due_at=timezone.make_aware(end_of_day),
            title=_("Inspection %(plan)s (%(n)d assets)") % {"plan": plan.name, "n": len(ids)},
            url=reverse("assets:inspection_list") + f"?plan={plan.pk}",
            remind_before=datetime.timedelta(days=1),
            escalate_role=Role.SUPERVISOR,
        )
    plan.next_due = _following(plan)
    plan.save(update_fields=["next_due"])
    return len(ids)


def inspections_generate(*, today: datetime.date | None = None) -> int:
    """Periodic job: open the tasks of every plan due within LEAD_DAYS. Idempotent: a round's
    tasks are unique per (plan, asset, due date) and the plan moves on in the same transaction."""
    today = today or timezone.localdate()
    opened = 0
    due_ids = InspectionPlan.objects.filter(
        is_active=True, next_due__lte=today + datetime.timedelta(days=LEAD_DAYS)
    ).values_list("id", flat=True)
    for plan_id in list(due_ids):
        with transaction.atomic():
            plan = InspectionPlan.objects.select_for_update().get(pk=plan_id)
            while plan.is_active and plan.next_due <= today + _lead(plan):
                opened += _open_round(plan)
    return opened


@transaction.atomic
def inspection_record(
    *,
    task: InspectionTask,
    answers: Mapping[str, object],
    note: str = "",
    open_repair: bool = False,
    by: User,
) -> InspectionTask:
    """Record a checklist: `answers` maps each item to True (ok) or False (failed).

    A failed inspection can send the asset for repair at once (`open_repair`). When the round
    has no task left to do, its deadline is closed.
    """
    from zhongshu.workflow.services import deadline_done

    task = (
        InspectionTask.objects.select_for_update().select_related("plan", "asset").get(pk=task.pk)
    )
    if not (by.has_perm("assets.manage") or task.plan.assignee_id == by.pk):
        ensure(by, "assets.manage")
    if task.result != InspectionResult.PENDING:
        raise Conflict(_("This inspection is already recorded."), code="recorded")
    items = task.plan.checklist
    missing = [item for item in items if item not in answers]
    if missing:
        raise ServiceError(
            _("Answer every checklist item: %(items)s.") % {"items": "、".join(missing)},
            field="answers",
        )
    task.answers = [{"item": item, "ok": bool(answers[item])} for item in items]
    failed = [row["item"] for row in task.answers if not row["ok"]]
    task.result = InspectionResult.FAILED if failed else InspectionResult.PASSED
    task.note = (note or "").strip()
    task.done_by, task.done_at = by, timezone.now()
    if failed and open_repair:
        fault = _("Inspection failed: %(items)s") % {"items": "、".join(failed)}
        if task.note:
            fault = f"{fault}\n{task.note}"
        task.repair = Repair.objects.filter(
            asset=task.asset, status=RepairStatus.OPEN
        ).first() or repair_open(asset=task.asset, fault=fault, by=by)
    task.save()
    record(
        actor=by,
        action="assets.inspection_recorded",
        obj=task.asset,
        after={"task": task.pk, "result": task.result, "failed": failed},
    )
    left = InspectionTask.objects.filter(
        plan=task.plan, due_on=task.due_on, result=InspectionResult.PENDING
    )
    if not left.exists():
        deadline_done(target=task.plan, kind=DEADLINE_KIND)
    return task


def pending_counts(plan_ids: Iterable[int]) -> dict[int, int]:
    """{plan id: inspections still to do}, in one query."""
    rows = (
        InspectionTask.objects.filter(plan_id__in=plan_ids, result=InspectionResult.PENDING)
        .values("plan_id")
        .annotate(todo=Count("id"))
    )
    return {row["plan_id"]: row["todo"] for row in rows}
