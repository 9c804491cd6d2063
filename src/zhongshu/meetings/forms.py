"""Forms of the meetings pages: they parse input; the services decide."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from zhongshu.org.fields import PeopleField, PersonField

from .models import Equipment, Room, RoomStatus

REPEAT_CHOICES = [
    ("", _("Does not repeat")),
    ("1", _("Every week")),
    ("2", _("Every 2 weeks")),
    ("4", _("Every 4 weeks")),
]
GUEST_LINE = re.compile(r"^(?P<name>[^<]+?)\s*(?:<(?P<email>[^>]+)>)?$")
# What a datetime-local input sends (local wall-clock time, no offset).
TIME_INPUT_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]


class LocalDateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


def _datetime_field(label):
    return forms.DateTimeField(
        label=label,
        input_formats=TIME_INPUT_FORMATS,
        widget=LocalDateTimeInput(),
    )


class StyledForm(forms.Form):
    """Bootstrap classes on every widget (no inline styles: the CSP forbids them)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, (forms.CheckboxSelectMultiple, forms.CheckboxInput)):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select")
            else:
                widget.attrs.setdefault("class", "form-control")


class BookingForm(StyledForm):
    title = forms.CharField(label=_("Topic"), max_length=200)
    room = forms.ModelChoiceField(label=_("Room"), queryset=Room.objects.bookable())
    start = _datetime_field(_("Start"))
    end = _datetime_field(_("End"))
    host = PersonField(label=_("Host"), required=False, help_text=_("Empty: yourself."))
    attendees = PeopleField(label=_("Attendees"), required=False)
    guests = forms.CharField(
        label=_("External guests"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One per line: name <e-mail>."),
    )
    agenda = forms.CharField(
        label=_("Agenda"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One item per line."),
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    repeat = forms.ChoiceField(label=_("Repeat"), choices=REPEAT_CHOICES, required=False)
    count = forms.IntegerField(
        label=_("Number of meetings"), min_value=2, max_value=100, required=False
    )
    until = forms.DateField(
        label=_("Repeat until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean_attendees(self):
        return [user.pk for user in self.cleaned_data["attendees"]]

    def clean_guests(self):
        guests = []
        for line in (self.cleaned_data["guests"] or "").splitlines():
            match = GUEST_LINE.match(line.strip())
            if line.strip() and match:
                guests.append({"name": match["name"], "email": (match["email"] or "").strip()})
        return guests

    def clean_agenda(self):
        return [
            line.strip()
            for line in (self.cleaned_data["agenda"] or "").splitlines()
            if line.strip()
        ]

    def rrule(self) -> str:
        """The RRULE the repeat choice stands for; empty for a one-off meeting."""
        interval = self.cleaned_data.get("repeat")
        if not interval:
            return ""
        rule = f"FREQ=WEEKLY;INTERVAL={interval}"
        if self.cleaned_data.get("count"):
            rule += f";COUNT={self.cleaned_data['count']}"
        if self.cleaned_data.get("until"):
            rule += f";UNTIL={self.cleaned_data['until']:%Y%m%d}T235959"
        return rule


class MeetingEditForm(StyledForm):
    title = forms.CharField(label=_("Topic"), max_length=200)
    room = forms.ModelChoiceField(label=_("Room"), queryset=Room.objects.bookable())
    start = _datetime_field(_("Start"))
    end = _datetime_field(_("End"))
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class RoomForm(StyledForm):
    name = forms.CharField(label=_("Name"), max_length=100)
    building = forms.CharField(label=_("Building"), max_length=100, required=False)
    location = forms.CharField(label=_("Location"), max_length=200, required=False)
    capacity = forms.IntegerField(label=_("Capacity"), min_value=1)
    equipment = forms.MultipleChoiceField(
        label=_("Equipment"),
        choices=Equipment.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    status = forms.ChoiceField(label=_("Status"), choices=RoomStatus.choices)
    requires_approval = forms.BooleanField(
        label=_("Booking needs approval"),
        required=False,
        help_text=_("Bookings are held until a supervisor approves them (e.g. the large hall)."),
    )
    checklist = forms.CharField(
        label=_("Equipment checklist"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One item to check per line."),
    )


class DelegateForm(StyledForm):
    delegate = PersonField(label=_("Colleague"))


class MinutesForm(StyledForm):
    body = forms.CharField(label=_("Minutes"), widget=forms.Textarea(attrs={"rows": 10}))
    decisions = forms.CharField(
        label=_("Decisions"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


class ActionForm(StyledForm):
    title = forms.CharField(label=pgettext_lazy("meeting decision", "Action"), max_length=300)
    owner = PersonField(label=_("Owner"))
    due_date = forms.DateField(label=_("Due date"), widget=forms.DateInput(attrs={"type": "date"}))


class ProgressForm(StyledForm):
    note = forms.CharField(label=_("Progress"), widget=forms.Textarea(attrs={"rows": 3}))
    percent = forms.IntegerField(label=_("Done (%)"), min_value=0, max_value=100)
    done = forms.BooleanField(label=_("Completed"), required=False)
