"""Minimal views for the documents benchmarks: the same query as the page, a bare template,
served through the same middleware (this module is also a URLconf: the cases time them with
`override_settings(ROOT_URLCONF="bench.views_documents")`)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.template import Context, Template
from django.urls import include, path

from zhongshu.documents.forms import FilterForm
from zhongshu.documents.models import IncomingDocument
from zhongshu.documents.providers import pending_slips
from zhongshu.documents.views.archive import search_documents

ROWS = Template(
    "<table>{% for r in rows %}<tr><td>{{ r.0 }}</td><td>{{ r.1 }}</td><td>{{ r.2 }}</td>"
    "</tr>{% endfor %}</table>"
)


def _render(rows):
    return HttpResponse(ROWS.render(Context({"rows": rows})))


@login_required
def minimal_register(request):
    filters = FilterForm(request.GET or None).filters()
    rows = list(
        IncomingDocument.objects.visible_to(request.user)
        .filter(**filters)
        .order_by("-id")
        .values_list("reg_number", "subject", "received_at")[:51]
    )
    return _render(rows)


@login_required
def minimal_slips(request):
    rows = list(
        pending_slips(request.user)
        .order_by("due_at", "id")
        .values_list("document__reg_number", "document__subject", "due_at")[:51]
    )
    return _render(rows)


@login_required
def minimal_search(request):
    hits = search_documents(request.user, request.GET.get("q", ""), {}, limit=21)
    return _render([(hit.title, hit.url, hit.snippet) for hit in hits])


urlpatterns = [
    path("bench/minimal-register/", minimal_register),
    path("bench/minimal-slips/", minimal_slips),
    path("bench/minimal-search/", minimal_search),
    path("", include("zhongshu.urls")),
]
