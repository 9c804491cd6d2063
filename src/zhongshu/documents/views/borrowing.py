"""借阅 pages: ask to borrow an archived item, the borrowings list, confirm a return."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from zhongshu.core.dialogs import Dialog, dialog, posted
from zhongshu.core.errors import ensure
from zhongshu.core.roles import Role
from zhongshu.core.web import filtered, keyset_page, run_service

from .. import services
from ..filters import BorrowingFilter
from ..forms import BorrowForm
from ..models import BORROWING_READERS, Borrowing
from .common import visible_document


@login_required
def incoming_borrow(request, pk):
    document = visible_document(request.user, pk)
    ensure(request.user, "documents.borrow_document", document)
    return dialog(
        request,
        BorrowForm(posted(request)),
        Dialog(
            pgettext("borrowing", "Borrow"),
            _("Request to borrow"),
            subject=f"{document.reg_number} {document.subject}",
            testid="borrow-form",
        ),
        run=lambda data: services.borrowing_request(
            document=document,
            purpose=data["purpose"],
            return_by=data["return_by"],
            by=request.user,
        ),
        success=lambda borrowing: (
            _("Borrowing request %(number)s submitted for approval.")
            % {"number": borrowing.approval.number}
        ),
        done=reverse("documents:incoming_detail", args=[document.pk]),
    )


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
