"""Scheduled stocktakes: quarterly or half-yearly plans, opened by a periodic job."""

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from zhongshu.audit.services import record
from zhongshu.core.errors import Conflict, ServiceError, ensure
from zhongshu.notices.services import notify
from zhongshu.org.models import User

from ..models import StocktakePlan
from .common import add_months, clean_ids
from .stocktake import stocktake_create

SCOPE_KEYS = ("departments", "locations", "categories")


@transaction.atomic
def stocktake_plan_create(
    *,
    title: str,
    frequency: str,
    next_run: datetime.date,
    departments: Iterable[Any] = (),
    locations: Iterable[Any] = (),
    categories: Iterable[Any] = (),
    by: User,
) -> StocktakePlan:
    ensure(by, "assets.manage")
    title = (title or "").strip()
    if not title:
        raise ServiceError(_("The title is required."), field="title")
    if frequency not in StocktakePlan.Frequency.values:
        raise ServiceError(_("Choose quarterly or half-yearly."), field="frequency")
    if next_run < timezone.localdate():
        raise ServiceError(_("The first stocktake cannot be in the past."), field="next_run")
    values = {"departments": departments, "locations": locations, "categories": categories}
    scope = {key: clean_ids(values[key], key) for key in SCOPE_KEYS if values[key]}
    if not scope:
        raise ServiceError(_("Choose departments, locations or categories."), field="scope")
    plan = StocktakePlan.objects.create(
        title=title, frequency=frequency, scope=scope, next_run=next_run, created_by=by
    )
    record(actor=by, action="assets.stocktake_plan_created", obj=plan, after={"scope": scope})
    return plan


@transaction.atomic
def stocktake_plan_stop(*, plan: StocktakePlan, by: User) -> StocktakePlan:
    ensure(by, "assets.manage")
    plan = StocktakePlan.objects.select_for_update().get(pk=plan.pk)
    if not plan.is_active:
        raise Conflict(_("This plan is already stopped."), code="stopped")
    plan.is_active = False
    plan.save(update_fields=["is_active"])
    record(actor=by, action="assets.stocktake_plan_stopped", obj=plan)
    return plan


def stocktake_plans_run(*, today: datetime.date | None = None) -> int:
    """Periodic job: open the stocktake of every plan whose date has come, then move the plan
    on by its period (in the same transaction, so a second run opens nothing). A plan whose
    scope is empty or whose author lost the right is moved on and its author told."""
    today = today or timezone.localdate()
    opened = 0
    due = StocktakePlan.objects.filter(is_active=True, next_run__lte=today)
    for plan_id in list(due.values_list("id", flat=True)):
        with transaction.atomic():
            plan = StocktakePlan.objects.select_for_update().get(pk=plan_id)
            if not plan.is_active or plan.next_run > today:
                continue
            title = f"{plan.title} {plan.next_run:%Y-%m-%d}"
            try:
                with transaction.atomic():
                    stocktake = stocktake_create(title=title, **plan.scope, by=plan.created_by)
            except (ServiceError, PermissionDenied) as error:
                notify(
                    recipients=[plan.created_by],
                    title=_("The scheduled stocktake %(title)s was not opened") % {"title": title},
                    body=str(getattr(error, "detail", error)),
                    kind="assets.stocktake_plan",
                )
            else:
                plan.last_stocktake = stocktake
                opened += 1
                notify(
                    recipients=[plan.created_by],
                    title=_("Scheduled stocktake %(number)s opened") % {"number": stocktake.number},
                    url=reverse("assets:stocktake_detail", args=[stocktake.pk]),
                    kind="assets.stocktake_plan",
                )
            while plan.next_run <= today:
                plan.next_run = add_months(plan.next_run, plan.months)
            plan.save(update_fields=["next_run", "last_stocktake"])
    return opened
