"""借阅 pages: ask to borrow an archived item, the borrowings list, confirm a return."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import services
from ..forms import BorrowForm
from ..models import BORROWING_READERS, Borrowing
from .common import form_errors, keyset, run, visible_document


@login_required
@require_POST
def incoming_borrow(request, pk):
    document = visible_document(request.user, pk)
    form = BorrowForm(request.POST)
    if form.is_valid():
        run(
            request,
            lambda: services.borrowing_request(
                document=document,
                purpose=form.cleaned_data["purpose"],
                return_by=form.cleaned_data["return_by"],
                by=request.user,
            ),
            _("Your borrowing request was submitted for approval."),
        )
    else:
        form_errors(request, form)
    return redirect("documents:incoming_detail", pk=document.pk)


@login_required
def borrowing_list(request):
    """My borrowings; registry staff and auditors see all they may see (`?mine=1` narrows)."""
    user = request.user
    everyone = user.has_role(*BORROWING_READERS)
    mine = not everyone or request.GET.get("mine") == "1"
    queryset = Borrowing.objects.visible_to(user).select_related(
        "document", "borrower", "returned_to"
    )
    if mine:
        queryset = queryset.filter(borrower=user)
    if request.GET.get("overdue") == "1":
        queryset = queryset.overdue()
    rows, next_before = keyset(queryset, request)
    query = request.GET.copy()
    query.pop("before", None)
    return render(
        request,
        "documents/borrowing_list.html",
        {
            "rows": rows,
            "next_before": next_before,
            "query": query.urlencode(),
            "everyone": everyone,
            "mine": mine,
            "overdue": request.GET.get("overdue") == "1",
            "can_confirm": user.has_role("clerk", "supervisor"),
        },
    )


@login_required
@require_POST
def borrowing_return(request, pk):
    borrowing = get_object_or_404(Borrowing.objects.visible_to(request.user), pk=pk)
    run(
        request,
        lambda: services.borrowing_return(borrowing=borrowing, by=request.user),
        _("The return was confirmed."),
    )
    return redirect("documents:borrowing_list")
