"""The audit log's filters, shared by the web page and the API."""

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import AuditEvent


class AuditFilterForm(forms.Form):
    actor = forms.CharField(
        label=_("Actor"),
        required=False,
        max_length=150,
        help_text=_("User name or user id."),
    )
    action = forms.CharField(
        label=_("Action"),
        required=False,
        max_length=100,
        help_text=_('Exact action, or a prefix ending with "." such as "workflow.".'),
    )
    object_type = forms.CharField(label=_("Object type"), required=False, max_length=100)
    object_id = forms.CharField(label=_("Object id"), required=False, max_length=64)
    category = forms.ChoiceField(
        label=_("Category"),
        required=False,
        choices=[("", _("All")), *AuditEvent.Category.choices],
    )
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            is_select = isinstance(field.widget, forms.Select)
            field.widget.attrs["class"] = (
                "form-select form-select-sm" if is_select else "form-control form-control-sm"
            )

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            raise forms.ValidationError(_("The start date is after the end date."))
        return data

    def filter(self, queryset):
        """Narrow `queryset` by the cleaned filters; call only when the form is valid."""
        data = self.cleaned_data
        actor = data.get("actor", "").strip()
        if actor:
            if actor.isdigit():
                queryset = queryset.filter(actor_id=int(actor))
            else:
                queryset = queryset.filter(actor__username=actor)
        action = data.get("action", "").strip()
        if action.endswith("."):
            queryset = queryset.filter(action__startswith=action)
        elif action:
            queryset = queryset.filter(action=action)
        if data.get("object_type"):
            queryset = queryset.filter(object_type=data["object_type"].strip().lower())
        if data.get("object_id"):
            queryset = queryset.filter(object_id=data["object_id"].strip())
        if data.get("category"):
            queryset = queryset.filter(category=data["category"])
        if data.get("date_from"):
            queryset = queryset.filter(at__gte=_start_of(data["date_from"]))
        if data.get("date_to"):
            queryset = queryset.filter(at__lt=_start_of(data["date_to"] + dt.timedelta(days=1)))
        return queryset


def _start_of(day: dt.date) -> dt.datetime:
    """Midnight of `day` in the current time zone (the user's calendar day)."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))
