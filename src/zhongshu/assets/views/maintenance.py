"""Web pages of maintenance: repairs on the card (dialogs, see `core.dialogs`), and the
idle-asset proposal list."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from zhongshu.core.dialogs import Dialog, dialog, posted
from zhongshu.core.errors import ensure
from zhongshu.core.web import filtered

from .. import forms
from ..filters import IdleFilter
from ..models import Asset, Repair
from ..services import maintenance
from .ledger import card_subject, card_url

IDLE_PAGE = 200


@login_required
def repair_open(request, pk):
    ensure(request.user, "assets.manage")
    asset = get_object_or_404(Asset.objects.visible_to(request.user), pk=pk)
    return dialog(
        request,
        forms.RepairOpenForm(posted(request)),
        Dialog(
            _("Send for repair"),
            _("Send for repair"),
            subject=card_subject(asset),
            testid="repair-open-form",
        ),
        run=lambda data: maintenance.repair_open(asset=asset, by=request.user, **data),
        success=_("Sent for repair: %(number)s") % {"number": asset.number},
        done=card_url(asset),
    )


@login_required
def repair_close(request, pk):
    ensure(request.user, "assets.manage")
    repair = get_object_or_404(
        Repair.objects.filter(asset__in=Asset.objects.visible_to(request.user)).select_related(
            "asset"
        ),
        pk=pk,
    )
    asset = repair.asset
    return dialog(
        request,
        forms.RepairCloseForm(posted(request)),
        Dialog(
            _("Back from repair"),
            _("Record return from repair"),
            subject=f"{card_subject(asset)} · {repair.fault}",
            testid="repair-close-form",
        ),
        run=lambda data: maintenance.repair_close(repair=repair, by=request.user, **data),
        success=lambda closed: (
            _("Back from repair: %(number)s, cost %(cost)s CNY")
            % {"number": asset.number, "cost": closed.cost}
        ),
        done=card_url(asset),
    )


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
