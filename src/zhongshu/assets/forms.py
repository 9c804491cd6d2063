from django import forms
from django.utils.translation import gettext_lazy as _

from zhongshu.org.models import Department, User

from .models import Asset, AssetStatus, Category, DisposalKind, Location
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


class UsernameField(forms.CharField):
    """An active user typed by user name (no select of thousands of people)."""

    def clean(self, value):
        value = super().clean(value).strip()
        if not value:
            return None
        user = User.objects.filter(username=value, is_active=True).first()
        if user is None:
            raise forms.ValidationError(_("Unknown user name: %(name)s"), params={"name": value})
        return user


def _locations():
    return Location.objects.filter(is_active=True)


def _departments():
    return Department.objects.filter(is_active=True).order_by("path")


class AssetForm(BootstrapMixin, forms.ModelForm):
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
        self.fields["department"].queryset = _departments()


class RegisterForm(AssetForm):
    custodian = UsernameField(label=_("Custodian (user name)"), required=False)


class AssignForm(BootstrapMixin, forms.Form):
    custodian = UsernameField(label=_("Custodian (user name)"))
    location = forms.ModelChoiceField(_locations(), label=_("Location"), required=False)
    note = forms.CharField(label=_("Note"), required=False)


class ReturnForm(BootstrapMixin, forms.Form):
    location = forms.ModelChoiceField(_locations(), label=_("Store at"), required=False)
    note = forms.CharField(label=_("Note"), required=False)


class TransferForm(BootstrapMixin, forms.Form):
    to_department = forms.ModelChoiceField(_departments(), label=_("To department"))
    to_location = forms.ModelChoiceField(_locations(), label=_("To location"), required=False)
    reason = forms.CharField(label=_("Reason"), required=False)


class DisposeForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(choices=DisposalKind.choices, label=_("Kind"))
    to_department = forms.ModelChoiceField(
        _departments(), label=_("Receiving department (reallocation)"), required=False
    )
    amount = forms.DecimalField(
        label=_("Sale amount (CNY)"), required=False, min_value=0, decimal_places=2
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class FilterForm(BootstrapMixin, forms.Form):
    search = forms.CharField(label=_("Search"), required=False)
    status = forms.ChoiceField(
        choices=[("", _("Any status")), *AssetStatus.choices], label=_("Status"), required=False
    )
    category = forms.ModelChoiceField(
        Category.objects.filter(is_active=True),
        label=_("Category"),
        required=False,
        empty_label=_("Any category"),
    )
    location = forms.ModelChoiceField(
        _locations(), label=_("Location"), required=False, empty_label=_("Any location")
    )


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
    kind = forms.ChoiceField(choices=Location.Kind.choices, label=_("Kind"))
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
    departments = forms.ModelMultipleChoiceField(
        _departments(), label=_("Departments"), required=False
    )
    locations = forms.ModelMultipleChoiceField(_locations(), label=_("Locations"), required=False)
    categories = forms.ModelMultipleChoiceField(
        Category.objects.filter(is_active=True), label=_("Categories"), required=False
    )
    counters = forms.CharField(label=_("Counters (user names)"), required=False)

    def clean_counters(self):
        names = self.cleaned_data["counters"].replace(",", " ").split()
        found = list(User.objects.filter(username__in=names, is_active=True))
        if len(found) != len(set(names)):
            raise forms.ValidationError(_("Unknown user name among the counters."))
        return found


class ScanForm(BootstrapMixin, forms.Form):
    code = forms.CharField(label=_("Asset number or label"), max_length=300)
    location = forms.ModelChoiceField(_locations(), label=_("Location"), required=False)


class UploadScansForm(BootstrapMixin, forms.Form):
    file = forms.FileField(label=_("Scanned list (Excel or text, one code per line)"))
    location = forms.ModelChoiceField(_locations(), label=_("Location"), required=False)
