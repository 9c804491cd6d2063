"""Web pages of the ledger: list, card with its actions (each a dialog, see `core.dialogs`),
categories, locations, import."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from zhongshu.core.dialogs import Action, Dialog, dialog, posted, record_template
from zhongshu.core.errors import ServiceError, ensure
from zhongshu.core.links import pk_url
from zhongshu.core.roles import Role
from zhongshu.core.web import filtered, list_page, put_error_on_form, run_service
from zhongshu.workflow.models import ApprovalRequest

from .. import forms, services
from ..filters import AssetFilter, TransferFilter
from ..models import (
    FLOW,
    Asset,
    AssetStatus,
    Category,
    Disposal,
    DisposalStatus,
    Location,
    Repair,
    Transfer,
    TransferStatus,
)
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
# The card's timeline shows the latest this many events.
TIMELINE = 200


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


def card_url(asset: Asset) -> str:
    return reverse("assets:detail", args=[asset.pk])


def card_subject(asset: Asset) -> str:
    return f"{asset.number} {asset.name}"


def card_actions(
    user, asset: Asset, *, open_repair: Repair | None, pending_transfer, pending_disposal: bool
) -> list[Action]:
    """The card's buttons: for the ledger's managers only, and only the moves the services and
    the status table (FLOW) allow now. A disposed card has none."""
    if not user.has_perm("assets.manage") or asset.is_disposed:
        return []
    moves = FLOW.get(asset.status, set())

    def url(name: str, pk: int = asset.pk) -> str:
        return reverse(f"assets:{name}", args=[pk])

    actions = []
    if asset.status == AssetStatus.IN_USE or AssetStatus.IN_USE in moves:
        style = "outline-primary" if asset.custodian_id else "primary"
        actions.append(Action(_("Check out"), url("assign"), "action-assign", style))
    if asset.custodian_id:
        actions.append(Action(_("Return"), url("return"), "action-return"))
    if open_repair is not None:
        actions.append(
            Action(
                _("Back from repair"),
                url("repair_close", open_repair.pk),
                "action-repair-close",
                "primary",
            )
        )
    elif AssetStatus.UNDER_REPAIR in moves:
        actions.append(Action(_("Send for repair"), url("repair_open"), "action-repair"))
    if pending_transfer is None:
        actions.append(Action(pgettext("asset", "Transfer"), url("transfer"), "action-transfer"))
    if not pending_disposal and AssetStatus.DISPOSED in moves:
        actions.append(
            Action(pgettext("asset", "Dispose"), url("dispose"), "action-dispose", "outline-danger")
        )
    actions.append(Action(_("Edit"), url("edit"), "edit-link", "outline-secondary", dialog=False))
    actions.append(
        Action(
            _("Label"),
            f"{reverse('asset-labels')}?ids={asset.pk}",
            "label-link",
            "outline-secondary",
            dialog=False,
        )
    )
    return actions


@login_required
def asset_detail(request, pk):
    """The card: what it is, where and with whom, its repairs and its timeline (oldest first, as
    a card's 履历 is read: bought, checked out, repaired, moved), with the managers' actions."""
    asset = _asset(request, pk)
    user = request.user
    repairs = list(asset.repairs.select_related("opened_by", "closed_by")[:20])
    open_repair = next((repair for repair in repairs if repair.is_open), None)
    pending_transfer = (
        asset.transfers.filter(status=TransferStatus.PENDING)
        .select_related("to_department")
        .first()
    )
    disposals = list(Disposal.objects.filter(asset=asset).select_related("approval")[:10])
    # Only the approvals the user may open are links (the others would answer 404).
    readable = set(
        ApprovalRequest.objects.visible_to(user)
        .filter(pk__in=[d.approval_id for d in disposals if d.approval_id])
        .values_list("pk", flat=True)
    )
    events = list(asset.events.select_related("actor")[:TIMELINE])
    events.reverse()
    context = {
        "asset": asset,
        "events": events,
        "pending_transfer": pending_transfer,
        "disposals": disposals,
        "readable_approvals": readable,
        "book_value": asset.book_value(),
        "repairs": repairs,
        "actions": card_actions(
            user,
            asset,
            open_repair=open_repair,
            pending_transfer=pending_transfer,
            pending_disposal=any(d.status == DisposalStatus.PENDING for d in disposals),
        ),
        "can_see_transfers": user.has_perm("assets.view_ledger") or user.has_role(Role.DEPT_HEAD),
    }
    return render(request, record_template(request, "assets/asset_detail.html"), context)


def _managed(request, pk) -> Asset:
    """The card for a manager's action: 404 out of sight, 403 for anyone but its managers."""
    ensure(request.user, "assets.manage")
    return _asset(request, pk)


@login_required
def asset_assign(request, pk):
    asset = _managed(request, pk)
    return dialog(
        request,
        forms.AssignForm(posted(request)),
        Dialog(
            _("Check out to a person"),
            _("Check out"),
            subject=card_subject(asset),
            testid="assign-form",
        ),
        run=lambda data: services.asset_assign(asset=asset, by=request.user, **data),
        success=lambda saved: (
            _("Checked out to %(name)s: %(number)s")
            % {"name": saved.custodian.display_name, "number": saved.number}
        ),
        done=card_url(asset),
    )


@login_required
def asset_return(request, pk):
    asset = _managed(request, pk)
    holder = asset.custodian.display_name if asset.custodian else ""
    return dialog(
        request,
        forms.ReturnForm(posted(request)),
        Dialog(
            _("Return"),
            _("Return"),
            subject=f"{card_subject(asset)} · {holder}" if holder else card_subject(asset),
            testid="return-form",
        ),
        run=lambda data: services.asset_return(asset=asset, by=request.user, **data),
        success=lambda saved: (
            _("Returned by %(name)s: %(number)s") % {"name": holder, "number": saved.number}
        ),
        done=card_url(asset),
    )


@login_required
def asset_transfer(request, pk):
    asset = _managed(request, pk)
    return dialog(
        request,
        forms.TransferForm(posted(request)),
        Dialog(
            _("Transfer to another department (调拨)"),
            _("Request transfer"),
            subject=card_subject(asset),
            notice=_("The asset moves when the receiving department acknowledges it."),
            testid="transfer-form",
        ),
        run=lambda data: services.asset_transfer(asset=asset, by=request.user, **data),
        success=lambda transfer: (
            _("Transfer of %(number)s to %(department)s requested; awaiting acknowledgement.")
            % {"number": asset.number, "department": transfer.to_department.name}
        ),
        done=card_url(asset),
    )


@login_required
def asset_dispose(request, pk):
    asset = _managed(request, pk)
    return dialog(
        request,
        forms.DisposeForm(posted(request)),
        Dialog(
            _("Dispose (needs approval)"),
            _("Request disposal"),
            subject=card_subject(asset),
            style="danger",
            notice=_("The disposal takes effect once it is approved."),
            testid="dispose-form",
        ),
        run=lambda data: services.asset_dispose(asset=asset, by=request.user, **data),
        success=lambda disposal: (
            _("%(kind)s of %(number)s sent for approval: %(request)s")
            % {
                "kind": disposal.get_kind_display(),
                "number": asset.number,
                "request": disposal.approval.number,
            }
        ),
        done=card_url(asset),
    )


@login_required
def transfer_list(request):
    transfers = Transfer.objects.visible_to(request.user)
    if not (request.user.has_perm("assets.view_ledger") or request.user.has_role(Role.DEPT_HEAD)):
        raise Http404
    filterset = filtered(TransferFilter, request.GET, transfers)
    rows = list(
        filterset.rows.select_related(
            "asset", "from_department", "to_department", "requested_by", "decided_by"
        )[:200]
    )
    # A department head sees transfers into their departments, not every card they concern.
    cards = Asset.objects.visible_to(request.user).filter(pk__in={t.asset_id for t in rows})
    return render(
        request,
        "assets/transfer_list.html",
        {
            "filter": filterset,
            "transfers": rows,
            "linked_assets": set(cards.values_list("pk", flat=True)),
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
