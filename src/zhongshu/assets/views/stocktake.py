"""Web pages of stocktaking: plans, the phone counting page, reconciliation and adjustments."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhongshu.core.errors import ServiceError, ensure
from zhongshu.core.web import filtered, run_service

from .. import forms, services
from ..filters import StocktakeFilter
from ..models import Location, Result, Stocktake, StocktakeLine, StocktakeScan
from ..services.excel_io import BadRows
from ..services.stocktake import counts, result_rows


def _stocktake(request, pk) -> Stocktake:
    return get_object_or_404(Stocktake.objects.visible_to(request.user), pk=pk)


@login_required
def stocktake_list(request):
    ensure(request.user, "assets.view_ledger")
    filterset = filtered(StocktakeFilter, request.GET, Stocktake.objects.visible_to(request.user))
    return render(
        request,
        "assets/stocktake_list.html",
        {
            "filter": filterset,
            "stocktakes": filterset.rows[:100],
            "can_manage": request.user.has_perm("assets.manage"),
        },
    )


@login_required
def stocktake_create(request):
    ensure(request.user, "assets.manage")
    form = forms.StocktakeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        stocktake = run_service(
            request,
            lambda: services.stocktake_create(
                title=data["title"],
                departments=[d.pk for d in data["departments"]],
                locations=[loc.pk for loc in data["locations"]],
                categories=[c.pk for c in data["categories"]],
                counters=data["counters"],
                by=request.user,
            ),
            form=form,
        )
        if stocktake is not None:
            return redirect("assets:stocktake_detail", stocktake.pk)
    return render(request, "assets/stocktake_form.html", {"form": form})


@login_required
def stocktake_detail(request, pk):
    stocktake = _stocktake(request, pk)
    return render(
        request,
        "assets/stocktake_detail.html",
        {
            "stocktake": stocktake,
            "tasks": stocktake.tasks.select_related("location", "counter"),
            "counts": counts(stocktake) if stocktake.reconciled_at else None,
            "rows": result_rows(stocktake, differences_only=True)
            if stocktake.reconciled_at
            else [],
            "scanned": StocktakeScan.objects.filter(stocktake=stocktake).count(),
            "expected": StocktakeLine.objects.filter(stocktake=stocktake, expected=True).count(),
            "can_manage": request.user.has_perm("assets.manage") and stocktake.is_counting,
            "can_count": stocktake.is_counting and request.user.has_perm("assets.count", stocktake),
            "labels": dict(Result.choices),
        },
    )


@login_required
def stocktake_scan(request, pk):
    """The phone page: pick the location, scan the QR (camera) or type the number."""
    stocktake = _stocktake(request, pk)
    ensure(request.user, "assets.count", stocktake)
    location_id = request.POST.get("location") or request.GET.get("location") or ""
    location = Location.objects.filter(pk=location_id).first() if location_id.isdigit() else None
    form = forms.ScanForm(request.POST or None, initial={"location": location})
    if request.method == "POST" and form.is_valid():
        scan = run_service(
            request,
            lambda: services.stocktake_scan(
                stocktake=stocktake,
                code=form.cleaned_data["code"],
                location=form.cleaned_data["location"],
                by=request.user,
            ),
        )
        if scan is not None:
            note = _("Counted %(asset)s") % {"asset": scan.asset}
            if scan.duplicate:
                messages.warning(
                    request, _("%(note)s — already counted (duplicate).") % {"note": note}
                )
            else:
                messages.success(request, note)
        target = redirect("assets:stocktake_scan", stocktake.pk)
        if form.cleaned_data.get("location"):
            target["Location"] += f"?location={form.cleaned_data['location'].pk}"
        return target
    recent = StocktakeScan.objects.filter(stocktake=stocktake, counted_by=request.user)
    return render(
        request,
        "assets/stocktake_scan.html",
        {
            "stocktake": stocktake,
            "form": form,
            "upload_form": forms.UploadScansForm(initial={"location": location}),
            "recent": recent.select_related("asset", "location")[:10],
        },
    )


@login_required
@require_POST
def stocktake_upload(request, pk):
    stocktake = _stocktake(request, pk)
    ensure(request.user, "assets.count", stocktake)
    form = forms.UploadScansForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose a file."))
        return redirect("assets:stocktake_scan", stocktake.pk)

    def upload() -> dict:
        try:
            return services.stocktake_upload(
                stocktake=stocktake,
                upload=form.cleaned_data["file"],
                location=form.cleaned_data["location"],
                by=request.user,
            )
        except BadRows as error:
            # The message names the unknown codes (the first 20) with their rows.
            rows = "; ".join(f"{row['row']}: {row['code']}" for row in error.rows[:20])
            raise ServiceError(f"{error.detail} {rows}", code=error.code) from error

    run_service(
        request,
        upload,
        success=lambda result: (
            _("%(n)d codes recorded, %(d)d duplicates.")
            % {"n": result["scanned"], "d": result["duplicates"]}
        ),
    )
    return redirect("assets:stocktake_scan", stocktake.pk)


def _post_action(request, pk, call):
    stocktake = _stocktake(request, pk)
    run_service(request, lambda: call(stocktake), success=_("Done."))
    return redirect("assets:stocktake_detail", stocktake.pk)


@login_required
@require_POST
def stocktake_reconcile(request, pk):
    return _post_action(
        request,
        pk,
        lambda stocktake: services.stocktake_reconcile(stocktake=stocktake, by=request.user),
    )


@login_required
@require_POST
def stocktake_adjust(request, pk):
    return _post_action(
        request,
        pk,
        lambda stocktake: services.stocktake_adjust(stocktake=stocktake, by=request.user),
    )


@login_required
@require_POST
def stocktake_reason(request, pk, line):
    def save(stocktake):
        target = get_object_or_404(StocktakeLine, stocktake=stocktake, pk=line)
        services.stocktake_set_reason(
            line=target, reason=request.POST.get("reason", ""), by=request.user
        )

    return _post_action(request, pk, save)
