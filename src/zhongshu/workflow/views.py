"""Web pages of the workflow app: thin wrappers around the services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhongshu.core.web import keyset_page, run_service

from . import services
from .forms import (
    ChainForm,
    DecisionForm,
    DelegationForm,
    NewRequestForm,
    RequestFilterForm,
    RequestForm,
    StepFormSet,
)
from .inbox import inbox_count, inbox_kinds, inbox_page
from .models import (
    ApprovalChain,
    ApprovalRequest,
    ApprovalTask,
    Delegation,
    RequestStatus,
    TaskStatus,
)

INBOX_PAGE_SIZE = 50
INBOX_MAX_PAGE = 40


def _page_number(value) -> int:
    """A page number from the query string, 1 when missing or bad, capped to keep merges cheap."""
    try:
        return min(max(int(value), 1), INBOX_MAX_PAGE)
    except (TypeError, ValueError):
        return 1


PAGE_SIZE = 30


@login_required
def inbox(request):
    kinds = inbox_kinds()
    kind = request.GET.get("kind", "")
    if kind not in dict(kinds):
        kind = ""
    page = _page_number(request.GET.get("page"))
    offset = (page - 1) * INBOX_PAGE_SIZE
    # Providers return sorted items, so the first offset + size of the merge are exact.
    items, total = inbox_page(request.user, offset + INBOX_PAGE_SIZE, kind=kind or None)
    items = items[offset:]
    context = {
        "items": items,
        "kinds": kinds,
        "kind": kind,
        "page": page,
        "total": total,
        "previous_page": page - 1 if page > 1 else None,
        "next_page": page + 1 if offset + len(items) < total else None,
    }
    template = "workflow/inbox.html#rows" if request.htmx else "workflow/inbox.html"
    return render(request, template, context)


@login_required
def inbox_badge(request):
    """The top bar's to-do count, fetched after the page so pages never wait on every provider."""
    return render(request, "workflow/_inbox_badge.html", {"count": inbox_count(request.user)})


@login_required
def request_list(request):
    user = request.user
    form = RequestFilterForm(request.GET or None)
    scope = status = ""
    if form.is_valid():
        scope, status = form.cleaned_data["scope"], form.cleaned_data["status"]
    queryset = ApprovalRequest.objects.visible_to(user)
    if scope == "mine":
        queryset = queryset.filter(requester=user)
    elif scope == "handled":
        queryset = queryset.handled_by(user)
    elif scope != "all":
        queryset = queryset.filter(
            Q(requester=user) | Q(pk__in=ApprovalRequest.objects.handled_by(user).values("pk"))
        )
    if status:
        queryset = queryset.filter(status=status)
    queryset = queryset.select_related("requester", "department", "current_step")
    page = keyset_page(queryset, request, size=PAGE_SIZE)
    return render(request, "workflow/request_list.html", {"form": form, "page": page})


@login_required
def request_create(request):
    form = NewRequestForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        upload = data.pop("attachment")
        created = run_service(
            request,
            lambda: services.request_submit(
                attachments=[upload] if upload else [], by=request.user, **data
            ),
            form=form,
            success=lambda created: _("Request %(number)s submitted.") % {"number": created.number},
        )
        if created is not None:
            return redirect("workflow:request_detail", created.pk)
    return render(request, "workflow/request_form.html", {"form": form})


def _visible_request(request, pk):
    return get_object_or_404(
        ApprovalRequest.objects.visible_to(request.user).select_related(
            "requester", "department", "chain", "current_step"
        ),
        pk=pk,
    )


@login_required
def request_detail(request, pk):
    approval = _visible_request(request, pk)
    tasks = list(
        approval.tasks.select_related("step", "assignee", "acting_for").order_by("created_at", "id")
    )
    my_task = next(
        (
            t
            for t in tasks
            if t.assignee_id == request.user.pk
            and t.status == TaskStatus.PENDING
            and approval.status == RequestStatus.PENDING
        ),
        None,
    )
    is_requester = approval.requester_id == request.user.pk
    context = {
        "approval": approval,
        "tasks": tasks,
        "events": approval.events.select_related("actor", "task").order_by("at", "id"),
        "my_task": my_task,
        "decision_form": DecisionForm() if my_task else None,
        "can_withdraw": is_requester and approval.is_open,
        "can_resubmit": is_requester and approval.status == RequestStatus.RETURNED,
        "now": timezone.now(),
    }
    return render(request, "workflow/request_detail.html", context)


@login_required
@require_POST
def task_decide(request, pk):
    task = get_object_or_404(
        ApprovalTask.objects.filter(
            request__in=ApprovalRequest.objects.visible_to(request.user)
        ).select_related("request"),
        pk=pk,
    )
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose approve, reject or return."))
        return redirect("workflow:request_detail", task.request_id)
    run_service(
        request,
        lambda: services.approval_decide(task=task, by=request.user, **form.cleaned_data),
        success=_("Your decision has been recorded."),
    )
    return redirect("workflow:request_detail", task.request_id)


@login_required
def request_resubmit(request, pk):
    approval = _visible_request(request, pk)
    if approval.requester_id != request.user.pk:
        raise PermissionDenied(_("Only the requester can revise this request."))
    initial = {"title": approval.title, "reason": approval.reason, "amount": approval.amount}
    form = RequestForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        resubmitted = run_service(
            request,
            lambda: services.approval_resubmit(
                request=approval, by=request.user, **form.cleaned_data
            ),
            form=form,
            success=_("The request has been resubmitted."),
        )
        if resubmitted is not None:
            return redirect("workflow:request_detail", approval.pk)
    return render(request, "workflow/request_form.html", {"form": form, "approval": approval})


@login_required
@require_POST
def request_withdraw(request, pk):
    approval = _visible_request(request, pk)
    run_service(
        request,
        lambda: services.approval_withdraw(request=approval, by=request.user),
        success=_("The request has been withdrawn."),
    )
    return redirect("workflow:request_detail", approval.pk)


# --- delegation ---------------------------------------------------------------------------
@login_required
def delegation_list(request):
    form = DelegationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        saved = run_service(
            request,
            lambda: services.delegation_set(
                from_user=request.user, by=request.user, **form.cleaned_data
            ),
            form=form,
            success=_("Your delegation has been saved."),
        )
        if saved is not None:
            return redirect("workflow:delegation_list")
    delegations = (
        Delegation.objects.filter(Q(from_user=request.user) | Q(to_user=request.user))
        .select_related("from_user", "to_user")
        .order_by("-start")[:50]
    )
    return render(
        request, "workflow/delegation_list.html", {"form": form, "delegations": delegations}
    )


@login_required
@require_POST
def delegation_cancel(request, pk):
    delegation = get_object_or_404(Delegation.objects.filter(from_user=request.user), pk=pk)
    run_service(
        request,
        lambda: services.delegation_cancel(delegation=delegation, by=request.user),
        success=_("The delegation has been cancelled."),
    )
    return redirect("workflow:delegation_list")


# --- chain configuration ------------------------------------------------------------------
def _require_chain_admin(user):
    if not user.has_perm("workflow.manage_chains"):
        raise PermissionDenied(_("Only the admin supervisor configures chains."))


@login_required
def chain_list(request):
    _require_chain_admin(request.user)
    chains = (
        ApprovalChain.objects.select_related("department")
        .prefetch_related("steps")
        .order_by("request_type", "-is_active", "-priority", "name")
    )
    return render(request, "workflow/chain_list.html", {"chains": chains})


def _step_initial(chain):
    return [
        {
            "id": step.pk,
            "order": step.order,
            "name": step.name,
            "approver_kind": step.approver_kind,
            "role_code": step.role_code,
            "users": list(step.users.all()),
            "mode": step.mode,
            "due_hours": step.due_hours,
        }
        for step in chain.steps.prefetch_related("users").order_by("order", "id")
    ]


@login_required
def chain_edit(request, pk=None):
    _require_chain_admin(request.user)
    chain = get_object_or_404(ApprovalChain, pk=pk) if pk else None
    initial = {}
    if chain:
        initial = {
            "request_type": chain.request_type,
            "name": chain.name,
            "department": chain.department,
            "min_amount": chain.min_amount,
            "max_amount": chain.max_amount,
            "priority": chain.priority,
            "is_active": chain.is_active,
        }
    form = ChainForm(request.POST or None, initial=initial or None)
    formset = StepFormSet(
        request.POST or None, initial=_step_initial(chain) if chain else None, prefix="steps"
    )
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        steps = [step for step in formset.cleaned_data if step and not step.get("DELETE")]
        saved = run_service(
            request,
            lambda: services.chain_save(
                chain=chain, fields=form.cleaned_data, steps=steps, by=request.user
            ),
            form=form,
            success=_("The approval chain has been saved."),
        )
        if saved is not None:
            return redirect("workflow:chain_list")
    return render(
        request, "workflow/chain_form.html", {"form": form, "formset": formset, "chain": chain}
    )
