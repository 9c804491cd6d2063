from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from zhongshu.org.fields import DepartmentField, DepartmentsField, PeopleField, PersonField

from .models import (
    Asset,
    Category,
    DisposalKind,
    IntervalUnit,
    Location,
    StocktakePlan,
)
from .services.labels import LAYOUTS


class BootstrapMixin:
    """Bootstrap classes on every widget (no inline styles: the CSP forbids them)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select")
            else:
                widget.attrs.setdefault("class", "form-control")


def _locations():
    return Location.objects.filter(is_active=True)


class AssetForm(BootstrapMixin, forms.ModelForm):
    department = DepartmentField(label=_("Department"), required=False)

    class Meta:
        model = Asset
        fields = [
            "name",
            "category",
            "model",
            "serial_number",
            "purchase_date",
            "price",
            "supplier",
            "warranty_until",
            "department",
            "location",
            "note",
        ]
        widgets = {
            "purchase_date": forms.DateInput(attrs={"type": "date"}),
            "warranty_until": forms.DateInput(attrs={"type": "date"}),
            "note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = Category.objects.filter(is_active=True)
        self.fields["location"].queryset = _locations()


class RegisterForm(AssetForm):
    custodian = PersonField(label=_("Custodian"), required=False)


class AssignForm(BootstrapMixin, forms.Form):
    custodian = PersonField(label=_("Custodian"))
    location = forms.ModelChoiceField(
        _locations(), label=pgettext_lazy("asset location", "Location"), required=False
    )
    note = forms.CharField(label=_("Note"), required=False)
    reassign = forms.BooleanField(label=_("Re-assign from the current holder"), required=False)


class ReturnForm(BootstrapMixin, forms.Form):
    location = forms.ModelChoiceField(_locations(), label=_("Store at"), required=False)
    note = forms.CharField(label=_("Note"), required=False)


class TransferForm(BootstrapMixin, forms.Form):
    to_department = DepartmentField(label=_("To department"))
    to_location = forms.ModelChoiceField(_locations(), label=_("To location"), required=False)
    reason = forms.CharField(label=_("Reason"), required=False)


class DisposeForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(
        choices=DisposalKind.choices, label=pgettext_lazy("asset disposal", "Kind")
    )
    to_department = DepartmentField(label=_("Receiving department (reallocation)"), required=False)
    amount = forms.DecimalField(
        label=_("Sale amount (CNY)"), required=False, min_value=0, decimal_places=2
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class CategoryForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    code = forms.CharField(label=_("Code"), max_length=30)
    useful_life_months = forms.IntegerField(
        label=_("Useful life (months)"), min_value=1, initial=60
    )
    usage_guide = forms.CharField(
        label=_("Usage guide"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class LocationForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    kind = forms.ChoiceField(
        choices=Location.Kind.choices, label=pgettext_lazy("asset location", "Kind")
    )
    parent = forms.ModelChoiceField(_locations(), label=_("Inside"), required=False)


class ImportForm(BootstrapMixin, forms.Form):
    file = forms.FileField(label=_("Excel file (.xlsx)"))
    dry_run = forms.BooleanField(label=_("Check only (dry run)"), required=False, initial=True)


class LabelForm(BootstrapMixin, forms.Form):
    layout = forms.ChoiceField(
        choices=[(key, layout.label) for key, layout in LAYOUTS.items()], label=_("Layout")
    )


class StocktakeForm(BootstrapMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    departments = DepartmentsField(
        label=pgettext_lazy("stocktake scope", "Departments"), required=False
    )
    locations = forms.ModelMultipleChoiceField(_locations(), label=_("Locations"), required=False)
    categories = forms.ModelMultipleChoiceField(
        Category.objects.filter(is_active=True), label=_("Categories"), required=False
    )
    counters = PeopleField(label=_("Counters"), required=False)


class ScanForm(BootstrapMixin, forms.Form):
    code = forms.CharField(label=_("Asset number or label"), max_length=300)
    location = forms.ModelChoiceField(
        _locations(), label=pgettext_lazy("asset location", "Location"), required=False
    )


class UploadScansForm(BootstrapMixin, forms.Form):
    file = forms.FileField(label=_("Scanned list (Excel or text, one code per line)"))
    location = forms.ModelChoiceField(
        _locations(), label=pgettext_lazy("asset location", "Location"), required=False
    )


class DateInput(forms.DateInput):
    input_type = "date"


class RepairOpenForm(BootstrapMixin, forms.Form):
    fault = forms.CharField(label=_("Fault"), widget=forms.Textarea(attrs={"rows": 2}))
    vendor = forms.CharField(label=_("Repair vendor"), max_length=200, required=False)
    started_on = forms.DateField(label=_("Sent for repair on"), required=False, widget=DateInput)


class RepairCloseForm(BootstrapMixin, forms.Form):
    cost = forms.DecimalField(
        label=_("Cost (CNY)"), min_value=0, max_digits=12, decimal_places=2, initial=0
    )
    finished_on = forms.DateField(label=_("Back on"), required=False, widget=DateInput)
    result = forms.CharField(
        label=_("Result"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class InspectionPlanForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    category = forms.ModelChoiceField(
        Category.objects.filter(is_active=True),
        label=_("Category (or list asset numbers below)"),
        required=False,
    )
    asset_numbers = forms.CharField(
        label=_("Asset numbers"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Separated by spaces or new lines."),
    )
    every = forms.IntegerField(label=_("Every"), min_value=1, max_value=366, initial=1)
    unit = forms.ChoiceField(
        label=_("Unit"), choices=IntervalUnit.choices, initial=IntervalUnit.MONTHS
    )
    checklist = forms.CharField(
        label=_("Checklist (one item per line)"), widget=forms.Textarea(attrs={"rows": 4})
    )
    assignee = PersonField(label=_("Inspector"))
    next_due = forms.DateField(label=_("First inspection"), widget=DateInput)

    def clean_asset_numbers(self):
        numbers = {n.upper() for n in self.cleaned_data["asset_numbers"].replace(",", " ").split()}
        assets = list(Asset.objects.active().filter(number__in=numbers))
        if len(assets) != len(numbers):
            raise forms.ValidationError(_("Unknown or disposed asset number in the list."))
        return assets


class InspectionRecordForm(BootstrapMixin, forms.Form):
    """One yes/no field per checklist item (checked = fine)."""

    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    open_repair = forms.BooleanField(label=_("Send for repair if an item failed"), required=False)

    def __init__(self, *args, checklist=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.items = list(checklist)
        for index, item in enumerate(self.items):
            self.fields[f"item_{index}"] = forms.BooleanField(label=item, required=False)
            self.fields[f"item_{index}"].widget.attrs["class"] = "form-check-input"

    def answers(self) -> dict:
        return {item: self.cleaned_data[f"item_{i}"] for i, item in enumerate(self.items)}

    def item_fields(self):
        return [self[f"item_{index}"] for index in range(len(self.items))]


class StocktakePlanForm(BootstrapMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    frequency = forms.ChoiceField(label=_("Frequency"), choices=StocktakePlan.Frequency.choices)
    next_run = forms.DateField(label=_("First stocktake"), widget=DateInput)
    departments = DepartmentsField(
        label=pgettext_lazy("stocktake scope", "Departments"), required=False
    )
    locations = forms.ModelMultipleChoiceField(_locations(), label=_("Locations"), required=False)
    categories = forms.ModelMultipleChoiceField(
        Category.objects.filter(is_active=True), label=_("Categories"), required=False
    )
