"""Minimal view for the asset-ledger benchmark: the same rows as the ledger page, bare template.

Add to bench/urls.py: path("bench/minimal-assets/", views_assets.minimal_ledger) and
path("bench/minimal-assets-shell/", views_assets.minimal_ledger_in_shell). Until then
the benchmark serves it through `urlpatterns` below (ROOT_URLCONF overridden for the case), so
the baseline passes through the same middleware as the page.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.template import Context, Template, engines
from django.urls import include, path

from zhongshu.assets.models import Asset

MINIMAL_LEDGER = Template(
    "<table>{% for a in rows %}<tr><td>{{ a.number }}</td><td>{{ a.name }}</td>"
    "<td>{{ a.category__name }}</td><td>{{ a.custodian__name }}</td>"
    "<td>{{ a.department__name }}</td><td>{{ a.location__full_name }}</td>"
    "<td>{{ a.status }}</td><td>{{ a.price }}</td></tr>{% endfor %}</table>"
)


SHELL_LEDGER = engines["django"].from_string(
    '{% extends "base.html" %}{% block content %}<table>{% for a in rows %}<tr>'
    "<td>{{ a.number }}</td><td>{{ a.name }}</td><td>{{ a.category__name }}</td>"
    "<td>{{ a.custodian__name }}</td><td>{{ a.department__name }}</td>"
    "<td>{{ a.location__full_name }}</td><td>{{ a.status }}</td><td>{{ a.price }}</td></tr>"
    "{% endfor %}</table>{% endblock %}"
)


def _rows(request) -> list[dict]:
    return list(
        Asset.objects.visible_to(request.user)
        .filter(status=request.GET.get("status", "in_use"))
        .filter(category_id=request.GET.get("category"))
        .order_by("-id")
        .values(
            "number",
            "name",
            "category__name",
            "custodian__name",
            "department__name",
            "location__full_name",
            "status",
            "price",
        )[:50]
    )


@login_required
def minimal_ledger(request):
    return HttpResponse(MINIMAL_LEDGER.render(Context({"rows": _rows(request)})))


@login_required
def minimal_ledger_in_shell(request):
    """The same rows inside the site's page shell (base.html: navigation, badges, messages)."""
    return HttpResponse(SHELL_LEDGER.render({"rows": _rows(request)}, request))


urlpatterns = [
    path("bench/minimal-assets/", minimal_ledger),
    path("bench/minimal-assets-shell/", minimal_ledger_in_shell),
    path("", include("bench.urls")),
]
