"""Web forms of the org app. Plain forms: the services decide what is written."""

from django import forms
from django.contrib.auth import forms as auth_forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from zhongshu.core.roles import Role

from . import services
from .fields import DepartmentField, PersonField
from .models import ClearanceLevel, Department, User


class BootstrapMixin:
    """Adds Bootstrap classes to every widget."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxSelectMultiple | forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select")
            else:
                widget.attrs.setdefault("class", "form-control")


class DepartmentForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    code = forms.SlugField(
        label=_("Code"),
        max_length=30,
        help_text=_("Short unique code: letters, digits, hyphens."),
    )
    parent = DepartmentField(
        label=_("Parent department"),
        required=False,
        help_text=_("Empty: a top-level department."),
    )
    head = PersonField(
        label=_("Head"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("Chosen among the department's own members."),
    )
    order = forms.IntegerField(
        label=pgettext_lazy("sort order", "Order"), min_value=0, initial=0, required=False
    )

    def __init__(self, *args, department=None, **kwargs):
        super().__init__(*args, **kwargs)
        if department is None:
            del self.fields["head"]
        else:
            # A department cannot move under itself or below; offer only the other departments.
            self.fields["parent"].queryset = Department.objects.active().exclude(
                path__startswith=department.path
            )
            self.fields["parent"].narrow(exclude=department.pk)
            # The picker offers the department's members; the current head stays acceptable
            # even if they belong elsewhere.
            self.fields["head"].queryset = User.objects.active().filter(
                Q(department=department) | Q(pk=department.head_id)
            )
            self.fields["head"].narrow(department=department.pk)


class UserBaseForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label=_("Full name"), max_length=100)
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    department = DepartmentField(label=_("Department"), required=False)
    roles = forms.MultipleChoiceField(
        label=_("Roles"),
        choices=Role.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    clearance = forms.ModelChoiceField(
        label=_("Clearance level"), queryset=ClearanceLevel.objects.none(), empty_label=None
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["clearance"].queryset = ClearanceLevel.objects.order_by("rank")


class UserCreateForm(UserBaseForm):
    username = forms.CharField(label=_("Username"), max_length=150)
    password = forms.CharField(
        label=_("Initial password"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        help_text=_("Leave empty to generate one; it is shown once after saving."),
    )

    field_order = [
        "username",
        "name",
        "email",
        "phone",
        "department",
        "roles",
        "clearance",
        "password",
    ]


class UserEditForm(UserBaseForm):
    pass


class ProfileForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label=_("Full name"), max_length=100)
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)


class UserFilterForm(BootstrapMixin, forms.Form):
    q = forms.CharField(label=_("Name or username"), required=False)
    # Disabled users may belong to a department that has since been closed.
    department = DepartmentField(
        label=_("Department"), queryset=Department.objects.all(), required=False
    )
    role = forms.ChoiceField(
        label=_("Role"), required=False, choices=[("", _("All roles")), *Role.choices]
    )
    active = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("", _("All")),
            ("1", pgettext_lazy("account status", "Active")),
            ("0", pgettext_lazy("account status", "Disabled")),
        ],
    )


class DirectoryFilterForm(BootstrapMixin, forms.Form):
    q = forms.CharField(label=_("Full name"), required=False)
    department = DepartmentField(label=_("Department"), required=False)


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Django's reset form, mailing only whom `services.password_reset_recipients` allows.

    `address` is the client's address (for the per-address throttle).
    """

    def __init__(self, *args, address: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.address = address

    def get_users(self, email):
        return services.password_reset_recipients(email=email, address=self.address)
