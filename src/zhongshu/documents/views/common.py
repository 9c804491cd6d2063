"""Helpers of the documents pages."""

from django.shortcuts import get_object_or_404

from ..models import IncomingDocument


def visible_document(user, pk) -> IncomingDocument:
    """The item if the user may see it, else 404 (never 403: its existence stays hidden)."""
    return get_object_or_404(
        IncomingDocument.objects.visible_to(user).select_related("level", "registered_by"), pk=pk
    )
