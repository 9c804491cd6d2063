"""One FilterSet per list of the assets app, used by the web page and by the API alike.

The query parameters and their answers are the API's contract: an id that is not a number is
refused (400 `invalid` naming the parameter), while an unknown id or status simply matches
nothing. On a web page a refused parameter shows no rows (`core.web.filtered`).
"""

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from zhongshu.core.errors import ServiceError
from zhongshu.core.web import MAX_ID
from zhongshu.core.widgets import FastSelect
from zhongshu.org.models import Department, User

from .forms import BootstrapMixin
from .models import (
    AssetStatus,
    Category,
    InspectionResult,
    Location,
    StocktakeStatus,
    TransferStatus,
)
from .services.maintenance import idle_after_days

# No asset has been idle longer; a larger number is refused (it would overflow the date
# arithmetic).
MAX_IDLE_DAYS = 36_500


def api_rows(filterset: django_filters.FilterSet) -> QuerySet:
    """The rows of a FilterSet bound to an API request's query string. A bad parameter is
    refused as the API always has: a ServiceError (400 `invalid`) whose `field` is the first
    wrong parameter."""
    if not filterset.is_valid():
        name, errors = next(iter(filterset.errors.items()))
        raise ServiceError(errors[0], field=name)
    return filterset.qs


class FilterForm(BootstrapMixin, forms.Form):
    """The form of every assets FilterSet, styled like the app's other forms."""


class IdField(forms.ModelChoiceField):
    """A record chosen by id, checked only to be a number: an id of no (active) record
    filters to nothing instead of being refused."""

    default_error_messages = {"invalid_choice": _("Give ids as numbers.")}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        value = str(value)
        if not (value.isascii() and value.isdigit() and int(value) <= MAX_ID):
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid")
        return min(int(value), MAX_ID)


class IdFilter(django_filters.Filter):
    field_class = IdField


class OpenChoiceField(forms.ChoiceField):
    """A select whose value is not checked against its options: an unknown one matches nothing."""

    def valid_value(self, value) -> bool:
        return True


class OpenChoiceFilter(django_filters.Filter):
    field_class = OpenChoiceField


class ListFilterSet(django_filters.FilterSet):
    """Always bound, so that a list's defaults (active assets only, inspections still to do,
    the default idle days) apply to the bare page as they do to any query string."""

    def __init__(self, data=None, queryset=None, **kwargs):
        super().__init__(QueryDict() if data is None else data, queryset, **kwargs)


class ActiveUnlessDisposedFilter(django_filters.Filter):
    """`disposed=1` includes disposed assets; any other value, or none, leaves them out."""

    field_class = forms.CharField

    def filter(self, qs, value):
        return qs if value == "1" else qs.active()


class AssetFilter(ListFilterSet):
    """The asset ledger: the list page, the API list and the Excel export."""

    search = django_filters.CharFilter(label=_("Search"), method="search_text")
    status = OpenChoiceFilter(
        label=_("Status"),
        choices=[("", _("Any status")), *AssetStatus.choices],
        widget=FastSelect,
    )
    category = IdFilter(
        label=_("Category"),
        queryset=Category.objects.filter(is_active=True),
        empty_label=_("Any category"),
        widget=FastSelect,
    )
    department = IdFilter(label=_("Department"), queryset=Department.objects.filter(is_active=True))
    location = IdFilter(
        label=pgettext_lazy("asset location", "Location"),
        queryset=Location.objects.filter(is_active=True),
        empty_label=_("Any location"),
        widget=FastSelect,
    )
    custodian = IdFilter(label=_("Custodian"), queryset=User.objects.filter(is_active=True))
    q = django_filters.CharFilter(method="search_text")
    disposed = ActiveUnlessDisposedFilter()

    class Meta:
        form = FilterForm

    def search_text(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        """Number, name or serial number contains the text; `q` is another name for `search`,
        which wins when both are given."""
        if name == "q" and self.data.get("search"):
            return queryset
        return queryset.filter(
            Q(number__icontains=value)
            | Q(name__icontains=value)
            | Q(serial_number__icontains=value)
        )


class DaysField(forms.CharField):
    default_error_messages = {
        "invalid": _("Give the days as a number."),
        "too_many": _("Give at most %(max)s days."),
    }
    widget = forms.NumberInput(attrs={"min": 0})

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        if not (value.isascii() and value.isdigit()):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        if int(value) > MAX_IDLE_DAYS:
            raise forms.ValidationError(
                self.error_messages["too_many"], code="invalid", params={"max": MAX_IDLE_DAYS}
            )
        return int(value)


class IdleForFilter(django_filters.Filter):
    """Idle for at least `days` (`ASSETS_IDLE_AFTER_DAYS` when not given)."""

    field_class = DaysField

    def filter(self, qs, value):
        return qs.idle_for(idle_after_days() if value is None else value)


class IdleFilter(ListFilterSet):
    """Idle-asset proposals: the page and the API list."""

    days = IdleForFilter(label=_("Idle for at least (days)"))

    class Meta:
        form = FilterForm

    def __init__(self, data=None, queryset=None, **kwargs):
        if data is None or "days" not in data:
            data = (data or QueryDict()).copy()
            data["days"] = str(idle_after_days())
        super().__init__(data, queryset, **kwargs)

    @property
    def idle_days(self) -> int:
        """The number of days the list is for (the default while the filter is refused)."""
        days = self.form.cleaned_data.get("days") if self.is_valid() else None
        return idle_after_days() if days is None else days


class LenientIdField(forms.CharField):
    """An id where anything else is no filter at all (the inspection list's `plan`)."""

    def to_python(self, value):
        value = super().to_python(value)
        if not (value.isascii() and value.isdigit()):
            return None
        if int(value) > MAX_ID:
            raise forms.ValidationError(_("Give ids as numbers."), code="invalid")
        return int(value)


class LenientIdFilter(django_filters.Filter):
    field_class = LenientIdField


class RecordedFilter(django_filters.Filter):
    """`done=1`: recorded inspections; any other value, or none: those still to do."""

    field_class = forms.CharField

    def filter(self, qs, value):
        if value == "1":
            return qs.exclude(result=InspectionResult.PENDING)
        return qs.filter(result=InspectionResult.PENDING)


class InspectionFilter(ListFilterSet):
    """Inspection tasks: the to-do (or recorded) page and the API list."""

    done = RecordedFilter()
    plan = LenientIdFilter()

    class Meta:
        form = FilterForm

    @property
    def show_done(self) -> bool:
        return self.data.get("done") == "1"

    @property
    def plan_id(self) -> int | None:
        return self.form.cleaned_data.get("plan") if self.is_valid() else None


class StocktakeFilter(django_filters.FilterSet):
    """Stocktakes: the page and the API list, optionally of one status."""

    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=StocktakeStatus.choices, empty_label=_("Any status")
    )

    class Meta:
        form = FilterForm


class TransferFilter(django_filters.FilterSet):
    """Transfers (调拨), optionally of one status."""

    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=TransferStatus.choices, empty_label=_("Any status")
    )

    class Meta:
        form = FilterForm
