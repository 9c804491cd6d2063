"""Helpers of the documents pages."""

from django.contrib import messages
from django.shortcuts import get_object_or_404

from zhongshu.core.errors import ServiceError

from ..models import IncomingDocument

PAGE_SIZE = 50


def visible_document(user, pk) -> IncomingDocument:
    """The item if the user may see it, else 404 (never 403: its existence stays hidden)."""
    return get_object_or_404(
        IncomingDocument.objects.visible_to(user).select_related("level", "registered_by"), pk=pk
    )


def run(request, action, success: str) -> bool:
    """Call a service; a refused input or state becomes an error message on the next page
    (PermissionDenied is left to answer 403)."""
    try:
        action()
    except ServiceError as error:
        messages.error(request, str(error.detail))
        return False
    messages.success(request, success)
    return True


def form_errors(request, form) -> None:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else error)


def keyset(queryset, request):
    """Newest first, PAGE_SIZE rows after `?before=<id>`; returns (rows, next_before)."""
    before = request.GET.get("before", "")
    if before.isdigit():
        queryset = queryset.filter(pk__lt=int(before))
    rows = list(queryset.order_by("-id")[: PAGE_SIZE + 1])
    more = len(rows) > PAGE_SIZE
    rows = rows[:PAGE_SIZE]
    return rows, (rows[-1].pk if more and rows else None)
