"""Web page of scheduled stocktakes: quarterly / half-yearly plans."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhongshu.core.errors import ensure
from zhongshu.core.web import run_service

from .. import forms
from ..models import StocktakePlan
from ..services import stocktake_plans


@login_required
def plan_list(request):
    ensure(request.user, "assets.view_ledger")
    form = forms.StocktakePlanForm(request.POST or None)
    if request.method == "POST":
        ensure(request.user, "assets.manage")
        data = form.cleaned_data if form.is_valid() else None
        if data is not None and run_service(
            request,
            lambda: stocktake_plans.stocktake_plan_create(
                title=data["title"],
                frequency=data["frequency"],
                next_run=data["next_run"],
                departments=[d.pk for d in data["departments"]],
                locations=[loc.pk for loc in data["locations"]],
                categories=[c.pk for c in data["categories"]],
                by=request.user,
            ),
            form=form,
            success=_("Saved."),
        ):
            return redirect("assets:stocktake_plans")
    return render(
        request,
        "assets/stocktake_plans.html",
        {
            "plans": StocktakePlan.objects.select_related("created_by", "last_stocktake").order_by(
                "-is_active", "next_run", "id"
            )[:100],
            "form": form,
            "can_manage": request.user.has_perm("assets.manage"),
        },
    )


@login_required
@require_POST
def plan_stop(request, pk):
    ensure(request.user, "assets.manage")
    plan = get_object_or_404(StocktakePlan, pk=pk)
    run_service(
        request,
        lambda: stocktake_plans.stocktake_plan_stop(plan=plan, by=request.user),
        success=_("The plan is stopped."),
    )
    return redirect("assets:stocktake_plans")
