"""Minimal views for the documents benchmarks: the same query as the page, a bare template,
served through the same middleware (this module is also a URLconf: the cases time them with
`override_settings(ROOT_URLCONF="bench.views_documents")`)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.template import Context, Template, engines
from django.urls import include, path

from zhongshu.documents.filters import RegisterFilter, search_documents
from zhongshu.documents.models import IncomingDocument, RoutingSlip

ROWS = Template(
    "<table>{% for r in rows %}<tr><td>{{ r.0 }}</td><td>{{ r.1 }}</td><td>{{ r.2 }}</td>"
    "</tr>{% endfor %}</table>"
)


SHELL_ROWS = engines["django"].from_string(
    '{% extends "base.html" %}{% block content %}<table>{% for r in rows %}<tr><td>{{ r.0 }}'
    "</td><td>{{ r.1 }}</td><td>{{ r.2 }}</td></tr>{% endfor %}</table>{% endblock %}"
)


def _render(rows):
    return HttpResponse(ROWS.render(Context({"rows": rows})))


def _in_shell(rows_of):
    """The same rows inside the site's page shell (navigation, top bar, messages)."""

    def shell_view(request):
        return HttpResponse(SHELL_ROWS.render({"rows": rows_of(request)}, request))

    return login_required(shell_view)


def _register_rows(request):
    visible = IncomingDocument.objects.visible_to(request.user)
    return list(
        RegisterFilter(request.GET or None, queryset=visible)
        .qs.order_by("-id")
        .values_list("reg_number", "subject", "received_at")[:51]
    )


def _slip_rows(request):
    return list(
        RoutingSlip.objects.pending_for(request.user)
        .order_by("due_at", "id")
        .values_list("document__reg_number", "document__subject", "due_at")[:51]
    )


@login_required
def minimal_register(request):
    return _render(_register_rows(request))


@login_required
def minimal_slips(request):
    return _render(_slip_rows(request))


@login_required
def minimal_search(request):
    hits = search_documents(request.user, request.GET.get("q", ""), {}, limit=21)
    return _render([(hit.title, hit.url, hit.snippet) for hit in hits])


urlpatterns = [
    path("bench/minimal-register/", minimal_register),
    path("bench/minimal-register-shell/", _in_shell(_register_rows)),
    path("bench/minimal-slips/", minimal_slips),
    path("bench/minimal-slips-shell/", _in_shell(_slip_rows)),
    path("bench/minimal-search/", minimal_search),
    path("", include("zhongshu.urls")),
]
