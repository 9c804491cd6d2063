"""Forms of the documents pages (input parsing only; the services validate the rules)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from zhongshu.core.roles import Role
from zhongshu.org.fields import DepartmentField, DepartmentsField, PeopleField, PersonField
from zhongshu.org.models import ClearanceLevel
from zhongshu.workflow.forms import BootstrapMixin

from .models import Circulation, DocKind, OutgoingTemplate, Proposal, Retention, Urgency

DATE = forms.DateInput(attrs={"type": "date"})
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class RegisterForm(BootstrapMixin, forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=300)
    issuer = forms.CharField(label=_("Issuing unit"), max_length=120)
    doc_number = forms.CharField(
        label=_("Document number"),
        max_length=60,
        required=False,
        help_text=_("For example 中枢发〔2026〕12号"),
    )
    kind = forms.ChoiceField(
        label=_("Document kind"), choices=DocKind.choices, initial=DocKind.NOTICE
    )
    doc_date = forms.DateField(label=_("Date written"), required=False, widget=DATE)
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Urgency.choices)
    level = forms.ModelChoiceField(
        label=_("Confidentiality"), queryset=ClearanceLevel.objects.all(), empty_label=None
    )
    secrecy_years = forms.IntegerField(
        label=_("Secrecy term (years)"),
        required=False,
        min_value=1,
        max_value=30,
        help_text=_("Classified items only; empty = the level's default term."),
    )
    pages = forms.IntegerField(label=pgettext_lazy("documents", "Pages"), min_value=1, initial=1)
    copies = forms.IntegerField(label=_("Copies"), min_value=1, initial=1)
    keywords = forms.CharField(label=_("Keywords"), max_length=200, required=False)
    file = forms.FileField(label=_("Scan or electronic file"), required=False)
    # Offered (made visible) only once the same 文号 from the same issuer has been reported.
    confirm_duplicate = forms.BooleanField(
        label=_("Register even though this document number is already registered"),
        required=False,
        widget=forms.HiddenInput,
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None:
            self.fields["level"].queryset = ClearanceLevel.objects.filter(
                rank__lte=user.clearance_rank
            )
            self.fields["level"].initial = ClearanceLevel.objects.filter(code="internal").first()

    def offer_duplicate_confirmation(self) -> None:
        self.fields["confirm_duplicate"].widget = forms.CheckboxInput(
            attrs={"class": "form-check-input"}
        )


class IncomingEditForm(RegisterForm):
    """Correcting a registered item: the registration form without the level and the file; the
    secrecy term for classified items only."""

    def __init__(self, *args, document, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["level"], self.fields["file"]
        self.fields["confirm_duplicate"].label = _(
            "Save even though this document number is already registered"
        )
        if document.is_classified:
            self.fields["secrecy_years"].required = True
            self.fields["secrecy_years"].help_text = ""
        else:
            del self.fields["secrecy_years"]


class ReturnForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(
        label=pgettext_lazy("documents", "Reason"), widget=forms.Textarea(attrs={"rows": 2})
    )


class DepartmentsMixin(forms.Form):
    lead = DepartmentField(label=_("Lead department"), required=False)
    assisting = DepartmentsField(label=_("Assisting departments"), required=False)
    due_date = forms.DateField(
        label=pgettext_lazy("documents", "Due date"), required=False, widget=DATE
    )


class ProposeForm(BootstrapMixin, DepartmentsMixin):
    action = forms.ChoiceField(label=_("Proposed handling"), choices=Proposal.Action.choices)
    opinion = forms.CharField(
        label=_("Proposal"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    basis = forms.CharField(label=_("Basis"), required=False, max_length=500)
    priority = forms.ChoiceField(label=_("Priority"), choices=Proposal.Priority.choices)
    leader = PersonField(label=_("Leader"), role=Role.LEADER, required=False)
    field_order = ["action", "opinion", "basis", "priority", "leader", "lead", "assisting"]


class InstructForm(BootstrapMixin, DepartmentsMixin):
    text = forms.CharField(label=_("Instruction"), widget=forms.Textarea(attrs={"rows": 3}))
    field_order = ["text", "lead", "assisting", "due_date"]


class ReportForm(BootstrapMixin, forms.Form):
    result = forms.CharField(
        label=pgettext_lazy("documents", "Result"), widget=forms.Textarea(attrs={"rows": 2})
    )


class ClearedPeopleMixin:
    """People pickers that offer only those cleared for the item's level (`document=`); the
    service still refuses anyone else."""

    people_fields: tuple[str, ...] = ()

    def __init__(self, *args, document=None, **kwargs):
        super().__init__(*args, **kwargs)
        if document is not None:
            for name in self.people_fields:
                self.fields[name].narrow(level=document.level.code)


class CirculateForm(ClearedPeopleMixin, BootstrapMixin, forms.Form):
    people_fields = ("readers",)
    readers = PeopleField(
        label=_("Readers"),
        ordered=True,
        help_text=_("A sequential circulation goes in the order chosen; drag a name to move it."),
    )
    mode = forms.ChoiceField(
        label=pgettext_lazy("documents", "Mode"), choices=Circulation.Mode.choices
    )
    due_at = forms.DateTimeField(
        label=_("Deadline"),
        required=False,
        widget=DATETIME,
        help_text=_("Empty: from the urgency (very urgent 24 h, urgent 48 h, normal 5 days)."),
    )


class SignForm(BootstrapMixin, forms.Form):
    comment = forms.CharField(
        label=_("Comment"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class ScopeForm(ClearedPeopleMixin, BootstrapMixin, forms.Form):
    people_fields = ("users",)
    users = PeopleField(label=_("Add to knowledge scope"))


class ArchiveForm(BootstrapMixin, forms.Form):
    retention = forms.ChoiceField(label=_("Retention"), choices=Retention.choices)
    category = forms.CharField(label=_("Category code"), max_length=10, initial="WS")
    year = forms.IntegerField(label=_("Year"), min_value=1900, max_value=2100)
    org_code = forms.CharField(label=_("Organisation code"), max_length=20, required=False)
    paper_location = forms.CharField(label=_("Paper location"), max_length=100, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year


class DeclassifyForm(BootstrapMixin, forms.Form):
    decision = forms.ChoiceField(
        label=pgettext_lazy("documents", "Decision"),
        choices=[("declassify", _("Declassify")), ("extend", _("Extend the secrecy term"))],
    )
    extend_years = forms.IntegerField(
        label=_("Extend by (years)"), required=False, min_value=1, max_value=30
    )


class OutgoingForm(BootstrapMixin, forms.Form):
    template = forms.ModelChoiceField(
        label=_("Template"), queryset=OutgoingTemplate.objects.all(), required=False
    )
    title = forms.CharField(label=_("Title"), max_length=300)
    kind = forms.ChoiceField(
        label=_("Document kind"), choices=DocKind.choices, initial=DocKind.NOTICE
    )
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Urgency.choices)
    # 密级 and 保密期限, as on incoming items (the view offers the levels up to the user's own;
    # left out, a new draft is 内部 and a revised one keeps its level).
    level = forms.ModelChoiceField(
        label=_("Confidentiality"),
        queryset=ClearanceLevel.objects.all(),
        empty_label=None,
        required=False,
    )
    secrecy_years = forms.IntegerField(
        label=_("Secrecy term (years)"),
        required=False,
        min_value=1,
        max_value=30,
        help_text=_("Classified items only; empty = the level's default term."),
    )
    body = forms.CharField(
        label=_("Text"),
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,
        help_text=_("Empty: the template's text."),
    )
    main_to = forms.CharField(label=_("Main recipients"), max_length=300, required=False)
    cc = forms.CharField(label=_("Copied to"), max_length=300, required=False)
    recipients = PeopleField(
        label=_("Internal recipients"),
        required=False,
        help_text=_("They find the issued document in their notifications."),
    )
    copies = forms.IntegerField(label=_("Copies"), min_value=1, initial=1)

    def clean(self):
        data = super().clean()
        if not self.errors and not data.get("body") and data.get("template") is None:
            self.add_error("body", _("Write the text or choose a template."))
        return data


class OutgoingReviewForm(BootstrapMixin, forms.Form):
    signer = PersonField(label=_("Signing leader"), role=Role.LEADER, required=False)
    note = forms.CharField(
        label=pgettext_lazy("documents", "Note"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )


class OutgoingSignForm(BootstrapMixin, forms.Form):
    note = forms.CharField(
        label=pgettext_lazy("documents", "Note"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )


class BorrowForm(BootstrapMixin, forms.Form):
    purpose = forms.CharField(
        label=_("Purpose"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    return_by = forms.DateField(label=_("Return by"), widget=DATE)
