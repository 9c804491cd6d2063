"""The lists of the meetings app, one filter definition each, shared by the pages and the API."""

from datetime import datetime

import django_filters
from django import forms
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

from zhongshu.core.web import EARLIEST_DATE, LATEST_DATE

from .forms import TIME_INPUT_FORMATS, LocalDateTimeInput, StyledForm
from .models import Equipment, Meeting, MeetingStatus, Room
from .services.rooms import parse_equipment


class MeetingTimeField(forms.DateTimeField):
    """A time in ISO 8601 with a UTC offset; a time without one is refused rather than guessed.

    With `local=True` (the rooms page, whose datetime-local inputs send no offset) a time
    without an offset is read in the current time zone instead.
    """

    def __init__(self, *, local: bool = False, **kwargs):
        self.local = local
        kwargs.setdefault("input_formats", TIME_INPUT_FORMATS)
        kwargs.setdefault("widget", LocalDateTimeInput())
        super().__init__(**kwargs)

    def to_python(self, value):
        if not self.local and isinstance(value, str) and value.strip():
            try:
                parsed = parse_datetime(value.strip())
            except ValueError:
                parsed = None
            if parsed is None:
                raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
            if parsed.tzinfo is None:
                raise forms.ValidationError(
                    _("Times need a UTC offset, e.g. 2026-05-06T09:00:00+08:00."), code="invalid"
                )
        return within_dates(super().to_python(value))


def within_dates(value: datetime | None) -> datetime | None:
    """A time within the dates any page accepts (`core.web`), not one whose conversion to
    UTC or to the week around it overflows."""
    if value is not None and not EARLIEST_DATE <= value.date() <= LATEST_DATE:
        raise forms.ValidationError(
            _("Choose a time between the years %(first)d and %(last)d.")
            % {"first": EARLIEST_DATE.year, "last": LATEST_DATE.year},
            code="invalid",
        )
    return value


class EquipmentField(forms.MultipleChoiceField):
    """Equipment codes, ticked (`equipment=a&equipment=b`) or listed (`equipment=a,b`).

    Unknown codes pass the form: the search refuses them the way the booking services do
    (`unknown_equipment`, services.rooms.parse_equipment).
    """

    widget = forms.CheckboxSelectMultiple

    def to_python(self, value) -> list[str]:
        codes: list[str] = []
        for item in super().to_python(value):
            codes.extend(code for code in item.replace(" ", "").split(",") if code)
        return codes

    def validate(self, value) -> None:
        forms.Field.validate(self, value)


class MeetingTimeFilter(django_filters.Filter):
    field_class = MeetingTimeField


class IntegerFilter(django_filters.Filter):
    field_class = forms.IntegerField


class EquipmentFilter(django_filters.Filter):
    field_class = EquipmentField


class AvailabilityForm(StyledForm):
    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if not self.errors and start and end and end <= start:
            self.add_error("end", _("The end must be after the start."))
        return data


class RoomAvailabilityFilter(django_filters.FilterSet):
    """The free-room search of the rooms page and of /api/v1/meetings/rooms/available/.

    `start` and `end` are required; the result is the bookable rooms nobody holds then, with
    at least `capacity` seats and all the `equipment`, smallest fitting room first. The page
    passes `local_times=True` (see MeetingTimeField).
    """

    start = MeetingTimeFilter(label=_("From"), required=True)
    end = MeetingTimeFilter(label=_("To"), required=True)
    capacity = IntegerFilter(label=_("People"), min_value=1)
    equipment = EquipmentFilter(label=_("Equipment"), choices=Equipment.choices)

    class Meta:
        model = Room
        fields: list[str] = []
        form = AvailabilityForm

    def __init__(self, *args, local_times: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("start", "end"):
            self.form.fields[name].local = local_times

    def filter_queryset(self, queryset):
        """One query for the whole search (Room.objects.available), not one filter per field."""
        data = self.form.cleaned_data
        return queryset.available(
            data["start"],
            data["end"],
            capacity=data.get("capacity"),
            equipment=parse_equipment(data.get("equipment") or []),
        )


class MeetingFilter(django_filters.FilterSet):
    """The meetings list: a search in the topic (`?search=`; the page's box sends `?q=`) and
    `?status=`, where an unknown status is ignored rather than refused."""

    search = django_filters.CharFilter(method="filter_topic")
    q = django_filters.CharFilter(method="filter_topic")
    status = django_filters.CharFilter(method="filter_status")

    class Meta:
        model = Meeting
        fields: list[str] = []

    def filter_topic(self, queryset, name, value):
        return queryset.filter(title__icontains=value[:100])

    def filter_status(self, queryset, name, value):
        return queryset.filter(status=value) if value in MeetingStatus.values else queryset
