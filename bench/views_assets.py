"""Minimal view for the asset-ledger benchmark: the same rows as the ledger page, bare template.

Add to bench/urls.py: path("bench/minimal-assets/", views_assets.minimal_ledger).
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.template import Context, Template

from zhongshu.assets.models import Asset

MINIMAL_LEDGER = Template(
    "<table>{% for a in rows %}<tr><td>{{ a.number }}</td><td>{{ a.name }}</td>"
    "<td>{{ a.category__name }}</td><td>{{ a.custodian__name }}</td>"
    "<td>{{ a.department__name }}</td><td>{{ a.location__full_name }}</td>"
    "<td>{{ a.status }}</td><td>{{ a.price }}</td></tr>{% endfor %}</table>"
)


@login_required
def minimal_ledger(request):
    rows = list(
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
    return HttpResponse(MINIMAL_LEDGER.render(Context({"rows": rows})))
