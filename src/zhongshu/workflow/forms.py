from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from zhongshu.core.roles import Role
from zhongshu.org.fields import DepartmentField, PeopleField, PersonField

from . import registry
from .models import ApproverKind, RequestStatus, StepMode


class BootstrapMixin:
    """Adds Bootstrap classes to the widgets (no inline styles: the CSP forbids them)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput | forms.CheckboxSelectMultiple):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select form-select-sm")
            elif not isinstance(widget, forms.HiddenInput):
                widget.attrs.setdefault("class", "form-control")


class RequestForm(BootstrapMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    reason = forms.CharField(
        label=pgettext_lazy("approval request", "Reason"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
    )
    amount = forms.DecimalField(
        label=_("Amount (CNY)"), max_digits=12, decimal_places=2, min_value=0, required=False
    )


class NewRequestForm(RequestForm):
    """A new general request may bring one file; more are added on the request's page."""

    attachment = forms.FileField(label=_("Attachment"), required=False)

    service_fields = {"attachments": "attachment"}


class DecisionForm(BootstrapMixin, forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            ("approve", _("Approve")),
            ("reject", _("Reject")),
            ("return", _("Return for revision")),
        ],
    )
    comment = forms.CharField(
        label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class RequestFilterForm(BootstrapMixin, forms.Form):
    SCOPES = [
        ("", _("Mine and handled by me")),
        ("mine", _("Submitted by me")),
        ("handled", _("Handled by me")),
        ("all", _("All I can see")),
    ]
    scope = forms.ChoiceField(label=_("Show"), choices=SCOPES, required=False)
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("Any status")), *RequestStatus.choices], required=False
    )


class DelegationForm(BootstrapMixin, forms.Form):
    to_user = PersonField(label=_("Delegate"))
    start = forms.DateTimeField(
        label=_("From"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    end = forms.DateTimeField(
        label=_("Until"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    request_types = forms.MultipleChoiceField(
        label=_("Only these request types"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: every type."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["request_types"].choices = registry.request_type_choices()
        if not self.is_bound:
            self.initial.setdefault("start", timezone.localtime().strftime("%Y-%m-%dT%H:%M"))


class ChainForm(BootstrapMixin, forms.Form):
    request_type = forms.ChoiceField(label=_("Request type"))
    name = forms.CharField(label=_("Name"), max_length=100)
    department = DepartmentField(
        label=_("Department"), required=False, help_text=_("Empty: any department.")
    )
    min_amount = forms.DecimalField(
        label=_("Minimum amount (inclusive)"), max_digits=12, decimal_places=2, required=False
    )
    max_amount = forms.DecimalField(
        label=_("Maximum amount (exclusive)"), max_digits=12, decimal_places=2, required=False
    )
    priority = forms.IntegerField(label=_("Priority"), initial=0)
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["request_type"].choices = registry.request_type_choices()


class StepForm(BootstrapMixin, forms.Form):
    id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    order = forms.IntegerField(label=_("Order"), min_value=1, required=False)
    name = forms.CharField(label=_("Step name"), max_length=100)
    approver_kind = forms.ChoiceField(
        label=_("Approver"), choices=ApproverKind.choices, initial=ApproverKind.ROLE
    )
    role_code = forms.ChoiceField(
        label=_("Role"), choices=[("", "—"), *Role.choices], required=False
    )
    users = PeopleField(label=pgettext_lazy("approvers", "People"), required=False)
    mode = forms.ChoiceField(label=_("Mode"), choices=StepMode.choices, initial=StepMode.ANY)
    due_hours = forms.IntegerField(label=_("Time limit (hours)"), min_value=1, required=False)

    def clean(self):
        data = super().clean()
        kind = data.get("approver_kind")
        if kind == ApproverKind.ROLE and not data.get("role_code"):
            self.add_error("role_code", _("Choose the role that approves this step."))
        if kind == ApproverKind.USERS and not data.get("users"):
            self.add_error("users", _("List the people who approve this step."))
        return data


StepFormSet = forms.formset_factory(StepForm, extra=2, can_delete=True)
