"""What a locked-out sign-in gets: the lock-out page, or JSON for the REST API."""

from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

LOCKED_STATUS = 429


def lockout_response(request, original_response=None, credentials=None):
    """django-axes AXES_LOCKOUT_CALLABLE: API clients get `{"code", "detail"}` like every error."""
    if request.path.startswith("/api/"):
        return JsonResponse(
            {
                "code": "locked_out",
                "detail": _("Too many failed sign-in attempts. Please try again later."),
            },
            status=LOCKED_STATUS,
        )
    return render(request, "registration/locked_out.html", status=LOCKED_STATUS)
