"""借阅 pages: ask to borrow an archived item, the borrowings list, confirm a return."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhongshu.core.roles import Role
from zhongshu.core.web import filtered, form_errors_as_messages, keyset_page, run_service

from .. import services
from ..filters import BorrowingFilter
from ..forms import BorrowForm
from ..models import BORROWING_READERS, Borrowing
from .common import visible_document


@login_required
@require_POST
def incoming_borrow(request, pk):
    document = visible_document(request.user, pk)
    form = BorrowForm(request.POST)
    if form.is_valid():
        run_service(
            request,
            lambda: services.borrowing_request(
                document=document,
                purpose=form.cleaned_data["purpose"],
                return_by=form.cleaned_data["return_by"],
                by=request.user,
            ),
            success=_("Your borrowing request was submitted for approval."),
        )
    else:
        form_errors_as_messages(request, form)
    return redirect("documents:incoming_detail", pk=document.pk)


@login_required
def borrowing_list(request):
    """My borrowings; registry staff and auditors see all they may see (`?mine=1` narrows)."""
    user = request.user
    everyone = user.has_role(*BORROWING_READERS)
    queryset = Borrowing.objects.visible_to(user).select_related(
        "document", "borrower", "returned_to"
    )
    # `mine` filters by the request's user; list_page cannot hand the FilterSet the request.
    filterset = filtered(BorrowingFilter, request.GET, queryset, request=request)
    context = {"filter": filterset, "page": keyset_page(filterset.rows, request)}
    context.update(
        everyone=everyone,
        # Everyone else sees their own borrowings only (`visible_to`).
        mine=not everyone or request.GET.get("mine") == "1",
        overdue=request.GET.get("overdue") == "1",
        can_confirm=user.has_role(Role.CLERK, Role.SUPERVISOR),
    )
    return render(request, "documents/borrowing_list.html", context)


@login_required
@require_POST
def borrowing_return(request, pk):
    borrowing = get_object_or_404(Borrowing.objects.visible_to(request.user), pk=pk)
    run_service(
        request,
        lambda: services.borrowing_return(borrowing=borrowing, by=request.user),
        success=_("The return was confirmed."),
    )
    return redirect("documents:borrowing_list")
