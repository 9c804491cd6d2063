"""Audit log pages: the filtered, keyset-paginated list and the chain verification."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from .forms import AuditFilterForm
from .models import AuditEvent
from .services import verify_chain

PAGE_SIZE = 50


def _require_auditor(user):
    if not user.has_perm("audit.view_audit"):
        raise PermissionDenied


def _positive_int(value) -> int | None:
    return int(value) if value and value.isdigit() else None


def keyset_page(queryset, *, before=None, after=None, size=PAGE_SIZE):
    """One page newest first, seeking by `seq` instead of counting or offsetting.

    Returns (events, older_cursor, newer_cursor); a cursor is None when there is no such page.
    """
    if after is not None:
        rows = list(queryset.filter(seq__gt=after).order_by("seq")[: size + 1])
        has_newer = len(rows) > size
        events = list(reversed(rows[:size]))
        has_older = bool(events) and queryset.filter(seq__lt=events[-1].seq).exists()
    else:
        if before is not None:
            queryset = queryset.filter(seq__lt=before)
        rows = list(queryset.order_by("-seq")[: size + 1])
        has_older = len(rows) > size
        events = rows[:size]
        has_newer = before is not None
    older = events[-1].seq if has_older and events else None
    newer = events[0].seq if has_newer and events else None
    return events, older, newer


@login_required
def event_list(request):
    _require_auditor(request.user)
    form = AuditFilterForm(request.GET or None)
    events = AuditEvent.objects.visible_to(request.user).defer("prev_hash")
    if form.is_bound and form.is_valid():
        events = form.filter(events)
    elif form.is_bound:
        events = events.none()
    page, older, newer = keyset_page(
        events,
        before=_positive_int(request.GET.get("before")),
        after=_positive_int(request.GET.get("after")),
    )
    query = request.GET.copy()
    query.pop("before", None)
    query.pop("after", None)
    return render(
        request,
        "audit/event_list.html",
        {
            "form": form,
            "events": page,
            "older": older,
            "newer": newer,
            "filter_query": query.urlencode(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def verify(request):
    """Verification reads the whole chain, so it runs on an explicit POST only."""
    _require_auditor(request.user)
    result = verify_chain() if request.method == "POST" else None
    return render(request, "audit/verify.html", {"result": result})
