"""Search over the register, the archive list and its catalogue export (归档文件目录)."""

from io import BytesIO

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from zhongshu.audit.services import record_access
from zhongshu.core.web import filtered, list_page

from .. import services
from ..filters import ArchiveFilter, SearchFilter, search_documents
from ..models import ArchiveRecord

SEARCH_PAGE = 20
EXPORT_LIMIT = 50_000


@login_required
def search(request):
    filterset = SearchFilter(request.GET or None)
    form = filterset.form
    q = form.cleaned_data.get("q", "") if form.is_valid() else ""
    try:
        page = max(1, min(int(request.GET.get("page", 1)), 50))
    except ValueError:
        page = 1
    hits = []
    if q.strip():
        hits = search_documents(
            request.user,
            q,
            filterset.lookups(),
            limit=SEARCH_PAGE + 1,
            offset=(page - 1) * SEARCH_PAGE,
        )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "documents/search.html",
        {
            "form": form,
            "q": q,
            "hits": hits[:SEARCH_PAGE],
            "page": page,
            "has_next": len(hits) > SEARCH_PAGE,
            "query": query.urlencode(),
        },
    )


def _archived(request):
    """The archived items the user may see (archive readers only)."""
    if not request.user.has_perm("documents.view_archive"):
        raise PermissionDenied
    return ArchiveRecord.objects.visible_to(request.user).select_related(
        "document", "document__level", "outgoing", "outgoing__level"
    )


@login_required
def archive_list(request):
    context = list_page(
        request,
        _archived(request),
        filterset_class=ArchiveFilter,
        export_url=reverse("documents:archive_export"),
    )
    return render(request, "documents/archive_list.html", context)


@login_required
def archive_export(request):
    """The archive catalogue as Excel: only what the user may see; the export is logged."""
    queryset = filtered(ArchiveFilter, request.GET, _archived(request)).rows
    records = queryset.order_by("year", "retention", "org_code", "item_no")[:EXPORT_LIMIT]
    book = services.catalogue_workbook(records.iterator(chunk_size=2000))
    buffer = BytesIO()
    book.save(buffer)
    record_access(
        actor=request.user,
        obj=request.user,
        action="archive_export",
        note=request.GET.urlencode()[:200],
    )
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    stamp = timezone.localdate().strftime("%Y%m%d")
    response["Content-Disposition"] = f'attachment; filename="archive-catalogue-{stamp}.xlsx"'
    return response
