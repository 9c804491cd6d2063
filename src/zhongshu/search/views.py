from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from . import services, text

PAGE_SIZE = 20
MAX_PAGE = services.MAX_OFFSET // PAGE_SIZE + 1


def _page_number(value) -> int:
    try:
        return min(max(int(value), 1), MAX_PAGE)
    except (TypeError, ValueError):
        return 1


@login_required
def results(request):
    """`/search/?q=&type=&page=`: hits the user may see, best first; no total is counted."""
    q = request.GET.get("q", "").strip()[: text.MAX_QUERY_CHARS]
    types = {spec.key: spec for spec in services.searchable_types()}
    type_key = request.GET.get("type", "")
    if type_key not in types:
        type_key = ""
    page = _page_number(request.GET.get("page"))
    hits = []
    if q:
        hits = services.search(
            request.user,
            q,
            types=[type_key] if type_key else None,
            limit=PAGE_SIZE + 1,
            offset=(page - 1) * PAGE_SIZE,
        )
    return render(
        request,
        "search/results.html",
        {
            "q": q,
            "type_key": type_key,
            "types": types.values(),
            "hits": hits[:PAGE_SIZE],
            "page": page,
            "has_previous": page > 1,
            "has_next": len(hits) > PAGE_SIZE and page < MAX_PAGE,
            "searchable": bool(text.query_terms(q)) if q else False,
        },
    )
