"""Web pages of maintenance: repairs on the card, and the idle-asset proposal list."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhongshu.core.errors import ensure
from zhongshu.core.web import filtered, run_service

from .. import forms
from ..filters import IdleFilter
from ..models import Asset, Repair
from ..services import maintenance

IDLE_PAGE = 200


@login_required
@require_POST
def repair_open(request, pk):
    ensure(request.user, "assets.manage")
    asset = get_object_or_404(Asset.objects.visible_to(request.user), pk=pk)
    form = forms.RepairOpenForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Check the repair form."))
        return redirect("assets:detail", asset.pk)
    run_service(
        request,
        lambda: maintenance.repair_open(asset=asset, by=request.user, **form.cleaned_data),
        success=_("Sent for repair."),
    )
    return redirect("assets:detail", asset.pk)


@login_required
@require_POST
def repair_close(request, pk):
    ensure(request.user, "assets.manage")
    repair = get_object_or_404(
        Repair.objects.filter(asset__in=Asset.objects.visible_to(request.user)), pk=pk
    )
    form = forms.RepairCloseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Check the repair form."))
        return redirect("assets:detail", repair.asset_id)
    run_service(
        request,
        lambda: maintenance.repair_close(repair=repair, by=request.user, **form.cleaned_data),
        success=_("Back from repair."),
    )
    return redirect("assets:detail", repair.asset_id)


@login_required
def idle_list(request):
    """Proposals: assets idle for a while, each with a one-click disposal request."""
    candidates = maintenance.idle_candidates(user=request.user)
    filterset = filtered(IdleFilter, request.GET, candidates)
    assets = list(filterset.rows[: IDLE_PAGE + 1])
    return render(
        request,
        "assets/idle_list.html",
        {
            "form": filterset.form,
            "days": filterset.idle_days,
            "assets": assets[:IDLE_PAGE],
            "more": len(assets) > IDLE_PAGE,
            "dispose_form": forms.DisposeForm(),
        },
    )
