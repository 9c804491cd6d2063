"""Web pages of maintenance: repairs on the card, and the idle-asset proposal list."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhongshu.core.errors import ServiceError, ensure

from .. import forms
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
    try:
        maintenance.repair_open(asset=asset, by=request.user, **form.cleaned_data)
    except ServiceError as error:
        messages.error(request, str(error.detail))
    else:
        messages.success(request, _("Sent for repair."))
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
    try:
        maintenance.repair_close(repair=repair, by=request.user, **form.cleaned_data)
    except ServiceError as error:
        messages.error(request, str(error.detail))
    else:
        messages.success(request, _("Back from repair."))
    return redirect("assets:detail", repair.asset_id)


@login_required
def idle_list(request):
    """Proposals: assets idle for a while, each with a one-click disposal request."""
    ensure(request.user, "assets.manage")
    form = forms.IdleFilterForm(request.GET or {"days": maintenance.idle_after_days()})
    days = form.cleaned_data["days"] if form.is_valid() else maintenance.idle_after_days()
    assets = list(maintenance.idle_proposals(user=request.user, days=days)[: IDLE_PAGE + 1])
    return render(
        request,
        "assets/idle_list.html",
        {
            "form": form,
            "days": days,
            "assets": assets[:IDLE_PAGE],
            "more": len(assets) > IDLE_PAGE,
            "dispose_form": forms.DisposeForm(),
        },
    )
