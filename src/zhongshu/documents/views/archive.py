"""Search over the register, the archive list and its catalogue export (归档文件目录)."""

from io import BytesIO

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from zhongshu.audit.services import record_access
from zhongshu.search.services import search as search_index

from .. import services
from ..forms import FilterForm, SearchForm, outgoing_lookups
from ..models import ArchiveRecord

SEARCH_TYPE = "documents.incomingdocument"
OUTGOING_TYPE = "documents.outgoingdocument"
SEARCH_PAGE = 20
EXPORT_LIMIT = 50_000


def search_documents(user, q, filters: dict, *, limit=SEARCH_PAGE, offset=0):
    """Full-text hits among the incoming and outgoing items `user` may see, narrowed by the
    register filters; a filter only incoming items have leaves outgoing ones out."""
    types, narrow = [SEARCH_TYPE], {SEARCH_TYPE: Q(**filters)}
    outgoing = outgoing_lookups(filters)
    if outgoing is not None:
        types.append(OUTGOING_TYPE)
        narrow[OUTGOING_TYPE] = Q(**outgoing)
    return search_index(user, q, types=types, limit=limit, offset=offset, narrow=narrow)


@login_required
def search(request):
    form = SearchForm(request.GET or None)
    q = form.cleaned_data.get("q", "") if form.is_valid() else ""
    try:
        page = max(1, min(int(request.GET.get("page", 1)), 50))
    except ValueError:
        page = 1
    hits = []
    if q.strip():
        hits = search_documents(
            request.user, q, form.filters(), limit=SEARCH_PAGE + 1, offset=(page - 1) * SEARCH_PAGE
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
    """The archived items the user may see, narrowed by the register filters (a filter only
    incoming items have leaves the outgoing ones out)."""
    if not request.user.has_perm("documents.view_archive"):
        raise PermissionDenied
    form = FilterForm(request.GET or None)
    filters = form.filters()
    wanted = Q(document__isnull=False, **{f"document__{k}": v for k, v in filters.items()})
    outgoing = outgoing_lookups(filters)
    if outgoing is not None:
        wanted |= Q(outgoing__isnull=False, **{f"outgoing__{k}": v for k, v in outgoing.items()})
    queryset = (
        ArchiveRecord.objects.visible_to(request.user)
        .filter(wanted)
        .select_related("document", "document__level", "outgoing")
    )
    return form, queryset


@login_required
def archive_list(request):
    form, queryset = _archived(request)
    before = request.GET.get("before", "")
    if before.isdigit():
        queryset = queryset.filter(pk__lt=int(before))
    rows = list(queryset.order_by("-id")[:51])
    query = request.GET.copy()
    query.pop("before", None)
    return render(
        request,
        "documents/archive_list.html",
        {
            "form": form,
            "rows": rows[:50],
            "next_before": rows[49].pk if len(rows) > 50 else None,
            "query": query.urlencode(),
        },
    )


@login_required
def archive_export(request):
    """The archive catalogue as Excel: only what the user may see; the export is logged."""
    _form, queryset = _archived(request)
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
