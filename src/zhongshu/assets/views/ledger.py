"""Web pages of the ledger: list, card, custody actions, categories, locations, import."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhongshu.core.errors import ServiceError, ensure
from zhongshu.core.links import pk_url
from zhongshu.core.roles import Role
from zhongshu.core.web import (
    filtered,
    form_errors_as_messages,
    list_page,
    put_error_on_form,
    run_service,
)

from .. import forms, services
from ..filters import AssetFilter, TransferFilter
from ..models import Asset, AssetStatus, Category, Disposal, Location, Transfer, TransferStatus
from ..services import ledger_excel
from ..services.excel_io import BadRows

# Only what the ledger table shows, as plain rows (no model instances); keyset paging
# (?before=<id>) and no COUNT keep the page at a fixed number of queries at any ledger size.
LIST_COLUMNS = (
    "id",
    "number",
    "name",
    "status",
    "price",
    "category__name",
    "custodian__name",
    "custodian__username",
    "department__name",
    "location__full_name",
)


def _asset(request, pk) -> Asset:
    return get_object_or_404(
        Asset.objects.visible_to(request.user).select_related(
            "category", "custodian", "department", "location"
        ),
        pk=pk,
    )


@login_required
def asset_list(request):
    context = list_page(
        request,
        Asset.objects.visible_to(request.user),
        filterset_class=AssetFilter,
        values=LIST_COLUMNS,
        export_url=reverse("asset-export"),
    )
    statuses = dict(AssetStatus.choices)
    card_url = pk_url("assets:detail")
    for row in context["page"].rows:
        row["url"] = card_url(row["id"])
        row["status_label"] = statuses.get(row["status"], row["status"])
        row["custodian"] = row["custodian__name"] or row["custodian__username"] or ""
    context.update(
        can_manage=request.user.has_perm("assets.manage"),
        can_export=request.user.has_perm("assets.view_ledger"),
        label_form=forms.LabelForm(),
    )
    return render(request, "assets/asset_list.html", context)


@login_required
def asset_by_number(request, number):
    """Where a label's QR code leads: the card of that asset number."""
    asset = get_object_or_404(Asset.objects.visible_to(request.user), number=number.upper())
    return redirect("assets:detail", asset.pk)


@login_required
def asset_create(request):
    ensure(request.user, "assets.manage")
    form = forms.RegisterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        asset = run_service(
            request,
            lambda: services.asset_register(by=request.user, **form.cleaned_data),
            form=form,
            success=lambda asset: _("Registered %(number)s.") % {"number": asset.number},
        )
        if asset is not None:
            return redirect("assets:detail", asset.pk)
    return render(request, "assets/asset_form.html", {"form": form, "asset": None})


@login_required
def asset_edit(request, pk):
    ensure(request.user, "assets.manage")
    asset = _asset(request, pk)
    form = forms.AssetForm(request.POST or None, instance=Asset.objects.get(pk=asset.pk))
    if request.method == "POST" and form.is_valid():
        saved = run_service(
            request,
            lambda: services.asset_update(asset=asset, by=request.user, **form.cleaned_data),
            form=form,
            success=_("Saved."),
        )
        if saved is not None:
            return redirect("assets:detail", asset.pk)
    return render(request, "assets/asset_form.html", {"form": form, "asset": asset})


@login_required
def asset_detail(request, pk):
    asset = _asset(request, pk)
    can_manage = request.user.has_perm("assets.manage")
    context = {
        "asset": asset,
        "events": asset.events.select_related("actor")[:200],
        "can_manage": can_manage and not asset.is_disposed,
        "pending_transfer": asset.transfers.filter(status=TransferStatus.PENDING)
        .select_related("to_department")
        .first(),
        "disposals": Disposal.objects.filter(asset=asset).select_related("approval")[:10],
        "book_value": asset.book_value(),
        "repairs": asset.repairs.select_related("opened_by", "closed_by")[:20],
    }
    if context["can_manage"]:
        context.update(
            repair_open_form=forms.RepairOpenForm(),
            repair_close_form=forms.RepairCloseForm(),
            assign_form=forms.AssignForm(),
            return_form=forms.ReturnForm(),
            transfer_form=forms.TransferForm(),
            dispose_form=forms.DisposeForm(),
        )
    return render(request, "assets/asset_detail.html", context)


def _action(request, pk, form_class, call):
    asset = _asset(request, pk)
    form = form_class(request.POST)
    if form.is_valid():
        run_service(request, lambda: call(asset, form.cleaned_data), success=_("Done."))
    else:
        form_errors_as_messages(request, form)
    return redirect("assets:detail", asset.pk)


@login_required
@require_POST
def asset_assign(request, pk):
    return _action(
        request,
        pk,
        forms.AssignForm,
        lambda asset, data: services.asset_assign(asset=asset, by=request.user, **data),
    )


@login_required
@require_POST
def asset_return(request, pk):
    return _action(
        request,
        pk,
        forms.ReturnForm,
        lambda asset, data: services.asset_return(asset=asset, by=request.user, **data),
    )


@login_required
@require_POST
def asset_transfer(request, pk):
    return _action(
        request,
        pk,
        forms.TransferForm,
        lambda asset, data: services.asset_transfer(asset=asset, by=request.user, **data),
    )


@login_required
@require_POST
def asset_dispose(request, pk):
    return _action(
        request,
        pk,
        forms.DisposeForm,
        lambda asset, data: services.asset_dispose(asset=asset, by=request.user, **data),
    )


@login_required
def transfer_list(request):
    transfers = Transfer.objects.visible_to(request.user)
    if not (request.user.has_perm("assets.view_ledger") or request.user.has_role(Role.DEPT_HEAD)):
        raise Http404
    filterset = filtered(TransferFilter, request.GET, transfers)
    return render(
        request,
        "assets/transfer_list.html",
        {
            "filter": filterset,
            "transfers": filterset.rows.select_related(
                "asset", "from_department", "to_department", "requested_by", "decided_by"
            )[:200],
            "awaiting": set(Transfer.objects.awaiting(request.user).values_list("pk", flat=True)),
            "is_supervisor": request.user.has_role(Role.SUPERVISOR),
        },
    )


@login_required
@require_POST
def transfer_decide(request, pk, decision):
    transfer = get_object_or_404(Transfer.objects.visible_to(request.user), pk=pk)
    decide = (
        services.transfer_acknowledge if decision == "acknowledge" else services.transfer_refuse
    )
    run_service(
        request,
        lambda: decide(transfer=transfer, note=request.POST.get("note", ""), by=request.user),
        success=_("Done."),
    )
    return redirect("assets:transfer_list")


@login_required
def category_list(request):
    ensure(request.user, "assets.view_ledger")
    form = forms.CategoryForm(request.POST or None)
    if request.method == "POST":
        ensure(request.user, "assets.manage")
        if form.is_valid() and run_service(
            request,
            lambda: services.category_create(by=request.user, **form.cleaned_data),
            form=form,
            success=_("Saved."),
        ):
            return redirect("assets:categories")
    return render(
        request,
        "assets/category_list.html",
        {
            "categories": Category.objects.filter(is_active=True),
            "form": form,
            "can_manage": request.user.has_perm("assets.manage"),
        },
    )


@login_required
def location_list(request):
    ensure(request.user, "assets.view_ledger")
    form = forms.LocationForm(request.POST or None)
    if request.method == "POST":
        ensure(request.user, "assets.manage")
        if form.is_valid() and run_service(
            request,
            lambda: services.location_create(by=request.user, **form.cleaned_data),
            form=form,
            success=_("Saved."),
        ):
            return redirect("assets:locations")
    return render(
        request,
        "assets/location_list.html",
        {
            "locations": Location.objects.filter(is_active=True),
            "form": form,
            "can_manage": request.user.has_perm("assets.manage"),
        },
    )


@login_required
def asset_import(request):
    if not request.user.has_perm("assets.manage"):
        raise PermissionDenied
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    report = bad_rows = None
    if request.method == "POST" and form.is_valid():
        try:
            report = ledger_excel.ledger_import(
                upload=form.cleaned_data["file"],
                dry_run=form.cleaned_data["dry_run"],
                by=request.user,
            )
        except BadRows as error:
            bad_rows = error.rows
            put_error_on_form(form, error)
        except ServiceError as error:
            put_error_on_form(form, error)
    return render(
        request, "assets/import.html", {"form": form, "report": report, "bad_rows": bad_rows}
    )
