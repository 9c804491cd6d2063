"""The web toolkit every app's views use: run a service from a view, page a long list, build a
list page from one filter definition.

One way for each, so a new module copies a working pattern instead of inventing a fourth.
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django import forms
from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpRequest, QueryDict
from django.utils import timezone

from .errors import ServiceError

T = TypeVar("T")

PAGE_SIZE = 50
# The largest value a BIGINT primary key can hold; a larger cursor matches nothing rather than
# overflowing the database driver.
MAX_ID = 2**63 - 1
# The dates a page takes from its query string: wide enough for any real record, and far enough
# from date.min and date.max that a week's arithmetic and the conversion to UTC cannot overflow.
EARLIEST_DATE = datetime.date(1900, 1, 1)
LATEST_DATE = datetime.date(2999, 12, 31)


def put_error_on_form(form: forms.BaseForm, error: ServiceError) -> None:
    """Show a refused service call on the form: at its field when the form has that field.

    A form whose field has another name than the service's argument maps it in
    `service_fields` (e.g. `{"attachments": "attachment"}` for a single-file field).
    """
    name = getattr(form, "service_fields", {}).get(error.field, error.field)
    field_name = name if name in form.fields else None
    form.add_error(field_name, str(error.detail))


def run_service(
    request: HttpRequest,
    action: Callable[[], T],
    *,
    form: forms.BaseForm | None = None,
    success: str | Callable[[T], str] | None = None,
) -> T | None:
    """Call a service and report its outcome to the person.

    A `ServiceError` goes onto `form` (at its field) or, without a form, into the messages shown
    on the next page, and the call answers None. On success the `success` text (or the text it
    builds from the result) becomes a confirmation message and the result is returned.
    PermissionDenied is left alone so that it answers 403.
    """
    try:
        result = action()
    except ServiceError as error:
        if form is not None:
            put_error_on_form(form, error)
        else:
            messages.error(request, str(error.detail))
        return None
    if success is not None:
        messages.success(request, success(result) if callable(success) else success)
    return result


def form_errors_as_messages(request: HttpRequest, form: forms.BaseForm) -> None:
    """For forms posted from a page that does not re-render them: each error as a message."""
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else str(error))


def cursor_param(request: HttpRequest, name: str) -> int | None:
    """A positive id from the query string, or None for anything else (text, 0, too large)."""
    value = request.GET.get(name, "")
    if not value.isascii() or not value.isdigit():
        return None
    number = int(value)
    return number if 0 < number <= MAX_ID else None


def date_param(
    request: HttpRequest, name: str, default: datetime.date | None = None
) -> datetime.date:
    """An ISO date (YYYY-MM-DD) from the query string, clamped to EARLIEST_DATE..LATEST_DATE;
    `default` (today when not given) for anything that is not a date (2027-02-30, text)."""
    try:
        value = datetime.date.fromisoformat(request.GET.get(name, ""))
    except ValueError:
        return default or timezone.localdate()
    return min(max(value, EARLIEST_DATE), LATEST_DATE)


def int_param(request: HttpRequest, name: str, default: int, *, lowest: int, highest: int) -> int:
    """A whole number from the query string, clamped to lowest..highest; `default` for
    anything that is not one."""
    value = request.GET.get(name, "").strip()
    digits = value[1:] if value.startswith("-") else value
    if not digits.isascii() or not digits.isdigit() or len(digits) > 30:
        return default
    return min(max(int(value), lowest), highest)


@dataclass
class KeysetPage:
    """One page of a list, newest first, sought by key instead of counted or offset.

    `older` and `newer` are the cursors for the next links (None when there is no such page);
    `query` holds the rest of the query string (the filters) for those links.
    """

    rows: list
    older: int | None = None
    newer: int | None = None
    query: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def next_before(self) -> int | None:
        return self.older


def keyset_page(
    queryset: QuerySet,
    request: HttpRequest,
    *,
    key: str = "id",
    size: int = PAGE_SIZE,
    values: Iterable[str] | None = None,
) -> KeysetPage:
    """Page `queryset` newest first by `key` with `?before=<key>` and `?after=<key>`.

    The query never counts and never offsets, so every page costs the same at any list size.
    With `values` the rows are dicts of those columns (for long lists that need no instances).
    """
    before = cursor_param(request, "before")
    after = cursor_param(request, "after")
    if values is not None:
        columns = list(values)
        if key not in columns:
            columns.append(key)
        queryset = queryset.values(*columns)

    def key_of(row) -> int:
        return row[key] if isinstance(row, dict) else getattr(row, key)

    if after is not None:
        rows = list(queryset.filter(**{f"{key}__gt": after}).order_by(key)[: size + 1])
        newer_exists = len(rows) > size
        rows = list(reversed(rows[:size]))
        older_exists = bool(rows) and queryset.filter(**{f"{key}__lt": key_of(rows[-1])}).exists()
    else:
        if before is not None:
            queryset = queryset.filter(**{f"{key}__lt": before})
        rows = list(queryset.order_by(f"-{key}")[: size + 1])
        older_exists = len(rows) > size
        rows = rows[:size]
        newer_exists = before is not None
    query = request.GET.copy()
    query.pop("before", None)
    query.pop("after", None)
    return KeysetPage(
        rows=rows,
        older=key_of(rows[-1]) if older_exists and rows else None,
        newer=key_of(rows[0]) if newer_exists and rows else None,
        query=query.urlencode(),
    )


@dataclass
class OffsetPage:
    """One numbered page of a list that must be sorted by something other than its id (a
    directory by department and name, 待阅 by due time). One row more than shown is fetched to
    know whether a next page exists, so there is still no COUNT; `max_page` caps the offset."""

    rows: list
    number: int
    has_next: bool
    query: str = ""

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def previous(self) -> int:
        return self.number - 1

    @property
    def next(self) -> int:
        return self.number + 1


def offset_page(
    queryset: QuerySet, request: HttpRequest, *, size: int = PAGE_SIZE, max_page: int = 1000
) -> OffsetPage:
    """Page `queryset` (already ordered) with `?page=<n>`; a bad or huge number is clamped."""
    value = request.GET.get("page", "")
    number = int(value) if value.isascii() and value.isdigit() else 1
    number = min(max(number, 1), max_page)
    start = (number - 1) * size
    rows = list(queryset[start : start + size + 1])
    query = request.GET.copy()
    query.pop("page", None)
    return OffsetPage(
        rows=rows[:size], number=number, has_next=len(rows) > size, query=query.urlencode()
    )


def filtered(filterset_class: type, data: QueryDict, queryset: QuerySet, **kwargs: Any):
    """The list's FilterSet bound to the query string; an invalid filter shows no rows.

    The same FilterSet class serves the API list (through `DjangoFilterBackend`, where an
    invalid filter answers 400), so the web page and the API cannot drift apart.
    """
    filterset = filterset_class(data or None, queryset=queryset, **kwargs)
    if filterset.is_bound and not filterset.is_valid():
        filterset.rows = queryset.none()
    else:
        filterset.rows = filterset.qs
    return filterset


def list_page(
    request: HttpRequest,
    queryset: QuerySet,
    *,
    filterset_class: type,
    key: str = "id",
    size: int = PAGE_SIZE,
    values: Iterable[str] | None = None,
    export_url: str | None = None,
    **filter_kwargs: Any,
) -> dict[str, Any]:
    """The context of a list page: the filter form, one keyset page and the export link.

    Templates read `filter.form`, `page.rows`, `page.older`/`page.newer` with `page.query`,
    and `export_url` (already carrying the current filters).
    """
    filterset = filtered(filterset_class, request.GET, queryset, **filter_kwargs)
    page = keyset_page(filterset.rows, request, key=key, size=size, values=values)
    context: dict[str, Any] = {"filter": filterset, "form": filterset.form, "page": page}
    if export_url is not None:
        context["export_url"] = f"{export_url}?{page.query}" if page.query else export_url
    return context
