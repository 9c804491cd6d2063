"""Web pages of periodic inspections (巡检): plans, the to-do list, recording a checklist."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhongshu.core.errors import ensure
from zhongshu.core.web import filtered, run_service

from .. import forms
from ..filters import InspectionFilter
from ..models import InspectionPlan, InspectionTask
from ..services import inspections

TASK_PAGE = 200


@login_required
def plan_list(request):
    ensure(request.user, "assets.view_ledger")
    can_manage = request.user.has_perm("assets.manage")
    form = forms.InspectionPlanForm(request.POST or None)
    if request.method == "POST":
        ensure(request.user, "assets.manage")
        if form.is_valid():
            data = dict(form.cleaned_data)
            if run_service(
                request,
                lambda: inspections.inspection_plan_create(
                    assets=data.pop("asset_numbers"), by=request.user, **data
                ),
                form=form,
                success=_("Saved."),
            ):
                return redirect("assets:inspection_plans")
    plans = list(
        InspectionPlan.objects.select_related("category", "assignee").order_by(
            "-is_active", "next_due", "id"
        )[:200]
    )
    pending = inspections.pending_counts([plan.pk for plan in plans])
    for plan in plans:
        plan.pending = pending.get(plan.pk, 0)
    return render(
        request,
        "assets/inspection_plans.html",
        {"plans": plans, "form": form, "can_manage": can_manage},
    )


@login_required
@require_POST
def plan_stop(request, pk):
    ensure(request.user, "assets.manage")
    plan = get_object_or_404(InspectionPlan, pk=pk)
    run_service(
        request,
        lambda: inspections.inspection_plan_stop(plan=plan, by=request.user),
        success=_("The plan is stopped."),
    )
    return redirect("assets:inspection_plans")


@login_required
def task_list(request):
    tasks = InspectionTask.objects.visible_to(request.user)
    if not (request.user.has_perm("assets.view_ledger") or tasks.exists()):
        raise Http404
    filterset = filtered(InspectionFilter, request.GET, tasks)
    show_done = filterset.show_done
    order = ("-done_at", "-id") if show_done else ("due_on", "id")
    rows = list(
        filterset.rows.select_related("plan", "asset", "asset__location", "done_by").order_by(
            *order
        )[: TASK_PAGE + 1]
    )
    return render(
        request,
        "assets/inspection_list.html",
        {
            "tasks": rows[:TASK_PAGE],
            "more": len(rows) > TASK_PAGE,
            "show_done": show_done,
            "plan": filterset.plan_id or "",
        },
    )


@login_required
def task_record(request, pk):
    task = get_object_or_404(
        InspectionTask.objects.visible_to(request.user).select_related(
            "plan", "asset", "asset__category", "asset__location", "done_by", "repair"
        ),
        pk=pk,
    )
    can_record = task.is_pending and (
        request.user.has_perm("assets.manage") or task.plan.assignee_id == request.user.pk
    )
    form = forms.InspectionRecordForm(request.POST or None, checklist=task.plan.checklist)
    if request.method == "POST":
        if not can_record:
            ensure(request.user, "assets.manage")
        if form.is_valid() and run_service(
            request,
            lambda: inspections.inspection_record(
                task=task,
                answers=form.answers(),
                note=form.cleaned_data["note"],
                open_repair=form.cleaned_data["open_repair"],
                by=request.user,
            ),
            success=_("Inspection recorded."),
        ):
            return redirect("assets:inspection_list")
    return render(
        request,
        "assets/inspection_record.html",
        {"task": task, "form": form, "can_record": can_record},
    )
