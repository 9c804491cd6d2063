"""Audit log pages: the filtered, keyset-paginated list and the chain verification."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from zhongshu.core.web import keyset_page

from .forms import AuditFilterForm
from .models import AuditEvent
from .services import verify_chain

PAGE_SIZE = 50


def _require_auditor(user):
    if not user.has_perm("audit.view_audit"):
        raise PermissionDenied


@login_required
def event_list(request):
    _require_auditor(request.user)
    form = AuditFilterForm(request.GET or None)
    events = AuditEvent.objects.visible_to(request.user).defer("prev_hash")
    if form.is_bound and form.is_valid():
        events = form.filter(events)
    elif form.is_bound:
        events = events.none()
    page = keyset_page(events, request, key="seq", size=PAGE_SIZE)
    return render(
        request,
        "audit/event_list.html",
        {
            "form": form,
            "events": page.rows,
            "older": page.older,
            "newer": page.newer,
            "filter_query": page.query,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def verify(request):
    """Verification reads the whole chain, so it runs on an explicit POST only."""
    _require_auditor(request.user)
    result = verify_chain() if request.method == "POST" else None
    return render(request, "audit/verify.html", {"result": result})
