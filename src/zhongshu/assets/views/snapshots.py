"""Web pages of the monthly ledger snapshot and its month-to-month difference."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhongshu.core.errors import ensure
from zhongshu.core.web import run_service

from ..api.views.common import xlsx_response
from ..models import LedgerSnapshot
from ..services import snapshots

SHOWN = 200


@login_required
def snapshot_list(request):
    ensure(request.user, "assets.view_ledger")
    return render(
        request,
        "assets/snapshot_list.html",
        {
            "snapshots": LedgerSnapshot.objects.select_related("taken_by")[:60],
            "can_manage": request.user.has_perm("assets.manage"),
        },
    )


@login_required
@require_POST
def snapshot_take(request):
    ensure(request.user, "assets.manage")
    snapshot = run_service(
        request,
        lambda: snapshots.ledger_snapshot_take(by=request.user),
        success=lambda snapshot: _("The ledger of %(month)s is stored.") % {"month": snapshot},
    )
    if snapshot is None:
        return redirect("assets:snapshot_list")
    return redirect("assets:snapshot_detail", snapshot.pk)


@login_required
def snapshot_detail(request, pk):
    ensure(request.user, "assets.view_ledger")
    snapshot = get_object_or_404(LedgerSnapshot, pk=pk)
    summary = snapshots.diff_summary(snapshot)
    previous = summary["previous"]
    return render(
        request,
        "assets/snapshot_detail.html",
        {
            "snapshot": snapshot,
            "summary": summary,
            "added": list(snapshots.added(snapshot, previous)[:SHOWN]) if previous else [],
            "removed": list(snapshots.removed(snapshot, previous)[:SHOWN]),
            "changed": list(snapshots.changed(snapshot, previous, limit=SHOWN)),
            "shown": SHOWN,
        },
    )


@login_required
def snapshot_diff_excel(request, pk):
    ensure(request.user, "assets.view_ledger")
    snapshot = get_object_or_404(LedgerSnapshot, pk=pk)
    handle = snapshots.diff_export(snapshot=snapshot, by=request.user)
    return xlsx_response(handle, f"asset-ledger-changes-{snapshot.month:%Y-%m}.xlsx")
