"""Helpers shared by the meetings pages."""

from django.shortcuts import get_object_or_404

from ..models import Meeting


def visible_meeting(user, pk) -> Meeting:
    """The meeting if `user` may see it, else 404."""
    return get_object_or_404(
        Meeting.objects.visible_to(user).select_related("room", "host", "organiser", "series"),
        pk=pk,
    )
