"""Error pages inside the site shell: handler400/403/404/500 and the CSRF failure view.

A person who meets an error sees the usual top bar and their own navigation, a sentence saying
what happened and where to go next, in their language. Paths under /api/ keep the API's JSON
answers (`{"code", "detail"}`), also for routes no API view caught. The 500 page renders the
shell only when it can: when the shell itself fails (the database is down), the page goes out
without it.
"""

import functools
import logging

from django.core.exceptions import DisallowedHost
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.functional import Promise
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation.trans_real import translation

logger = logging.getLogger(__name__)

API_PREFIX = "/api/"


def _api_error(code: str, detail: str, status: int) -> JsonResponse:
    return JsonResponse({"code": code, "detail": detail}, status=status)


def _back_url(request) -> str:
    """The page the user came from, when it is on this site and is not this page."""
    referer = request.META.get("HTTP_REFERER", "")
    try:
        host = request.get_host()
    except DisallowedHost:
        return ""
    same_site = url_has_allowed_host_and_scheme(
        referer, allowed_hosts={host}, require_https=request.is_secure()
    )
    return referer if same_site and referer != request.build_absolute_uri() else ""


def _page(request, template: str, status: int, **context) -> HttpResponse:
    context.update(back_url=_back_url(request), error_page=True)
    return HttpResponse(render_to_string(template, context, request=request), status=status)


@functools.cache
def _catalogue_messages(language: str) -> frozenset[str]:
    """Every message of the translation catalogue in `language`: English ids and their texts."""
    # Django offers no public listing of a catalogue; GNUTranslations keeps it in `_catalog`.
    catalogue = getattr(translation(language), "_catalog", {})
    return frozenset(
        text for pair in catalogue.items() for text in pair if isinstance(text, str) and text
    )


def shown_reason(exception) -> str:
    """The reason a PermissionDenied carries, when it is one of our translated messages.

    Anything else (a bare refusal, an internal string) is not shown: the page's own sentence
    says enough and nothing internal leaks.
    """
    message = exception.args[0] if exception is not None and exception.args else None
    if isinstance(message, Promise):
        return str(message)
    if isinstance(message, str) and message in _catalogue_messages(get_language()):
        return message
    return ""


def bad_request(request, exception):
    if request.path.startswith(API_PREFIX):
        return _api_error("bad_request", _("The request could not be understood."), 400)
    reason = ""
    if isinstance(exception, DisallowedHost):
        reason = _(
            "This server does not answer to the address %(host)s. Open it by its usual "
            "address, or ask the administrator to add this one to ALLOWED_HOSTS."
        ) % {"host": request.META.get("HTTP_HOST", "")[:100]}
    return _page(request, "400.html", 400, reason=reason)


def permission_denied(request, exception):
    reason = shown_reason(exception)
    if request.path.startswith(API_PREFIX):
        detail = reason or _("You do not have permission to perform this action.")
        return _api_error("permission_denied", detail, 403)
    return _page(request, "403.html", 403, reason=reason)


def page_not_found(request, exception):
    if request.path.startswith(API_PREFIX):
        return _api_error("not_found", _("Not found."), 404)
    return _page(request, "404.html", 404)


def server_error(request):
    if request.path.startswith(API_PREFIX):
        return _api_error("server_error", _("Something went wrong on the server."), 500)
    try:
        return _page(request, "500.html", 500)
    except Exception:
        logger.exception("The 500 page could not render the site shell")
        return HttpResponse(render_to_string("500.html"), status=500)


def csrf_failure(request, reason=""):
    """A form sent from a page that expired or without its cookie (settings.CSRF_FAILURE_VIEW)."""
    if request.path.startswith(API_PREFIX):
        return _api_error("csrf_failed", _("The form's security token is missing or old."), 403)
    return _page(request, "403_csrf.html", 403)
