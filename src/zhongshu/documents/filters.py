"""One filter definition per list, used by the web page and the API list alike.

A value that does not parse (`?year=abc`, an unknown level code or status) lists everything, on
the page and in the API (200, never 400): every documents list has answered so since its first
version and API clients rely on it, so these FilterSets set the filters of such a query aside
instead of refusing it.
"""

from typing import Any

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from django_filters.constants import EMPTY_VALUES
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from zhongshu.core.widgets import FastSelect
from zhongshu.org.models import ClearanceLevel
from zhongshu.search.services import search as search_index
from zhongshu.workflow.forms import BootstrapMixin

from .models import (
    ArchiveRecord,
    Borrowing,
    DocKind,
    IncomingDocument,
    Ledger,
    OutgoingDocument,
    OutgoingStatus,
    Status,
)

SEARCH_TYPE = "documents.incomingdocument"
OUTGOING_TYPE = "documents.outgoingdocument"

# The filter bar's inputs are as small as its selects (form-select-sm), so the row lines up.
SMALL_NUMBER = forms.NumberInput(attrs={"class": "form-control form-control-sm"})
SMALL_TEXT = forms.TextInput(attrs={"class": "form-control form-control-sm"})


class FilterBarForm(BootstrapMixin, forms.Form):
    """The form of every filter bar (Bootstrap classes on its inputs)."""


@extend_schema_field(OpenApiTypes.INT)
class YearFilter(django_filters.Filter):
    """A calendar year (`received_at__year`)."""

    field_class = forms.IntegerField


class ListFilter(django_filters.FilterSet):
    """A list's filters; an invalid query lists everything (see the module docstring)."""

    class Meta:
        form = FilterBarForm

    def is_valid(self) -> bool:
        return True

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        if not self.form.is_valid():
            return queryset
        return super().filter_queryset(queryset)

    def lookups(self) -> dict[str, Any]:
        """The filters in use as ORM lookups, {} for an invalid query (filters with a method of
        their own have none)."""
        if not self.is_bound or not self.form.is_valid():
            return {}
        found = {}
        for name, filter_ in self.filters.items():
            value = self.form.cleaned_data.get(name)
            if value in EMPTY_VALUES or filter_.method:
                continue
            lookup = filter_.field_name
            if filter_.lookup_expr != "exact":
                lookup = f"{lookup}__{filter_.lookup_expr}"
            found[lookup] = value
        return found


class RegisterFilter(ListFilter):
    """The incoming register (web list and `GET /api/v1/documents/incoming/`): rendered on every
    view of the list, hence FastSelect."""

    year = YearFilter(
        field_name="received_at",
        lookup_expr="year",
        label=_("Year"),
        min_value=1900,
        max_value=2100,
        widget=SMALL_NUMBER,
    )
    kind = django_filters.ChoiceFilter(
        label=_("Document kind"), choices=DocKind.choices, empty_label="—", widget=FastSelect
    )
    level = django_filters.ModelChoiceFilter(
        label=_("Confidentiality"),
        queryset=ClearanceLevel.objects.all(),
        to_field_name="code",
        empty_label="—",
        widget=FastSelect,
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Status.choices, empty_label="—", widget=FastSelect
    )
    ledger = django_filters.ChoiceFilter(
        label=_("Ledger"), choices=Ledger.choices, empty_label="—", widget=FastSelect
    )
    issuer = django_filters.CharFilter(label=_("Issuing unit"), max_length=120, widget=SMALL_TEXT)

    class Meta(ListFilter.Meta):
        model = IncomingDocument
        fields: list[str] = []


class SearchFilter(RegisterFilter):
    """The search page's bar: the words, narrowed by the register's filters."""

    q = django_filters.CharFilter(
        label=_("Search"), max_length=200, widget=SMALL_TEXT, method="in_search_index"
    )

    def in_search_index(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        """The words are looked up in the search index (`search_documents`), not in the table."""
        return queryset


# Register filters that outgoing documents have too, and their lookup there: the year an item
# entered the system (received / drafted), its 文种 and its 密级. Ledger, status and issuer have
# none.
OUTGOING_LOOKUPS = {"received_at__year": "created_at__year", "kind": "kind", "level": "level"}


def outgoing_lookups(filters: dict[str, Any]) -> dict[str, Any] | None:
    """Register lookups (`RegisterFilter.lookups()`) as OutgoingDocument lookups; None when one
    has no counterpart, so that outgoing items drop out of a list narrowed by it."""
    if not set(filters) <= set(OUTGOING_LOOKUPS):
        return None
    return {OUTGOING_LOOKUPS[key]: value for key, value in filters.items()}


class ArchiveFilter(RegisterFilter):
    """The archive list and its catalogue export: the register's filters on archived incoming
    items, and those outgoing documents have too on archived outgoing ones."""

    class Meta(RegisterFilter.Meta):
        model = ArchiveRecord

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        filters = self.lookups()
        wanted = Q(document__isnull=False, **{f"document__{k}": v for k, v in filters.items()})
        outgoing = outgoing_lookups(filters)
        if outgoing is not None:
            wanted |= Q(
                outgoing__isnull=False, **{f"outgoing__{k}": v for k, v in outgoing.items()}
            )
        return queryset.filter(wanted)


class OutgoingFilter(ListFilter):
    """Outgoing documents (web list and `GET /api/v1/documents/outgoing/`)."""

    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=OutgoingStatus.choices,
        empty_label=_("All statuses"),
        widget=FastSelect(attrs={"aria-label": _("Status")}),
    )

    class Meta(ListFilter.Meta):
        model = OutgoingDocument
        fields: list[str] = []


class BorrowingFilter(ListFilter):
    """Borrowings (web list and `GET /api/v1/documents/borrowings/`): `?mine=1` the user's own,
    `?overdue=1` lent items past their return date; other values are ignored."""

    mine = django_filters.CharFilter(label=_("My borrowings"), method="only_mine")
    overdue = django_filters.CharFilter(label=_("Overdue only"), method="only_overdue")

    class Meta(ListFilter.Meta):
        model = Borrowing
        fields: list[str] = []

    def only_mine(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(borrower=self.request.user) if value == "1" else queryset

    def only_overdue(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.overdue() if value == "1" else queryset


def search_documents(user, q: str, filters: dict[str, Any], *, limit: int = 20, offset: int = 0):
    """Full-text hits among the incoming and outgoing items `user` may see, narrowed by register
    lookups (`RegisterFilter.lookups()`); a filter only incoming items have leaves outgoing ones
    out."""
    types, narrow = [SEARCH_TYPE], {SEARCH_TYPE: Q(**filters)}
    outgoing = outgoing_lookups(filters)
    if outgoing is not None:
        types.append(OUTGOING_TYPE)
        narrow[OUTGOING_TYPE] = Q(**outgoing)
    return search_index(user, q, types=types, limit=limit, offset=offset, narrow=narrow)
