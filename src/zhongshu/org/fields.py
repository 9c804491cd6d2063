"""One picker for every person and department a form asks for.

`PersonField`, `PeopleField`, `DepartmentField` and `DepartmentsField` are model choice fields
that clean to what the services take (a `User`/`Department`, or a list of them in the order
chosen). Their widget renders a plain `<select>` holding only the chosen options, with the
search endpoint and its filters in data attributes; `org/static/org/picker.js` turns it into a
Tom Select (the assets django-tomselect ships, served locally) that searches `org:pick_people`
or `org:pick_departments` as the user types a name, username, pinyin or initials.

django-tomselect's own widget writes an inline script per field, which the site's CSP refuses;
hence this widget and one static script. Without JavaScript the select still submits what it
holds. A select submits its options in document order and Tom Select keeps that order as the
order chosen, so `PeopleField(ordered=True)` (sequential circulation) keeps the reading order;
it also lets the chosen people be dragged into another order.
"""

import copy
import json
from collections.abc import Iterable

from django import forms
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from .autocomplete import department_options, person_option
from .models import Department, User


class Picker(forms.Select):
    """A `<select>` of the chosen values only; the rest comes from the search endpoint."""

    url_name = ""
    kind = ""
    placeholder = ""

    def __init__(self, attrs=None, *, params=None, ordered=False, placeholder=None):
        super().__init__(attrs)
        self.params: dict[str, object] = dict(params or {})
        self.ordered = ordered
        if placeholder is not None:
            self.placeholder = placeholder

    def __deepcopy__(self, memo):
        widget = super().__deepcopy__(memo)
        widget.params = copy.copy(self.params)
        return widget

    def use_required_attribute(self, initial):
        # Select's version looks at the first choice, which would load every row.
        return not self.is_hidden

    def options_for(self, ids: list[int]) -> list[dict[str, object]]:
        """The picker's data of the chosen objects, in the order of `ids`."""
        raise NotImplementedError

    def optgroups(self, name, value, attrs=None):
        ids = list(dict.fromkeys(int(v) for v in value if str(v).isdigit() and len(str(v)) < 19))
        options = []
        if not self.allow_multiple_selected:
            options.append(self.create_option(name, "", "", not ids, 0))
        for index, data in enumerate(self.options_for(ids), start=1):
            option = self.create_option(name, data["value"], data["text"], True, index)
            option["attrs"]["data-data"] = json.dumps(data, ensure_ascii=False)
            options.append(option)
        return [(None, options, 0)]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget_attrs = context["widget"]["attrs"]
        widget_attrs["data-picker"] = reverse(self.url_name)
        widget_attrs["data-picker-kind"] = self.kind
        widget_attrs["data-placeholder"] = str(self.placeholder)
        widget_attrs["data-picker-none"] = str(_("No match. Try the pinyin or the initials."))
        params = {key: val for key, val in self.params.items() if val not in (None, "")}
        if params:
            widget_attrs["data-picker-params"] = urlencode(params)
        if self.ordered:
            widget_attrs["data-picker-ordered"] = True
        return context


class PersonPicker(Picker):
    url_name = "org:pick_people"
    kind = "person"
    placeholder = _("Type a name, username or pinyin")

    def options_for(self, ids):
        if not ids:
            return []
        people = self.choices.queryset.filter(pk__in=ids)
        found = {
            user.pk: user for user in people.select_related("department").prefetch_related("groups")
        }
        return [person_option(found[pk]) for pk in ids if pk in found]


class PeoplePicker(PersonPicker, forms.SelectMultiple):
    pass


class DepartmentPicker(Picker):
    url_name = "org:pick_departments"
    kind = "department"
    placeholder = _("Type a department name or pinyin")

    def options_for(self, ids):
        if not ids:
            return []
        found = {
            department.pk: department for department in self.choices.queryset.filter(pk__in=ids)
        }
        return department_options([found[pk] for pk in ids if pk in found])


class DepartmentsPicker(DepartmentPicker, forms.SelectMultiple):
    pass


class _PickerField:
    """What the four fields share: the picker's filters and an error that names the field."""

    widget: type[Picker]

    def narrow(self, **params: object) -> None:
        """Filter what the picker offers (`level`, `role`, `department`, `exclude`). Only the
        list shown: the field's queryset and the service still decide what is accepted."""
        self.widget.params.update(params)


class PersonField(_PickerField, forms.ModelChoiceField):
    """One active person; cleans to a `User` (or None when optional and left empty)."""

    widget = PersonPicker
    default_error_messages = {"invalid_choice": _("Choose a person from the list.")}

    def __init__(self, *, queryset=None, role: str | None = None, placeholder=None, **kwargs):
        if queryset is None:
            queryset = User.objects.active()
        if role is not None:
            queryset = queryset.filter(groups__name=role)
        kwargs.setdefault("widget", self.widget(params={"role": role}, placeholder=placeholder))
        super().__init__(queryset, empty_label=None, **kwargs)


class PeopleField(_PickerField, forms.ModelMultipleChoiceField):
    """Active people; cleans to a list of `User` in the order chosen, without repeats."""

    widget = PeoplePicker
    default_error_messages = {
        "invalid_choice": _("Choose people from the list."),
        "invalid_pk_value": _("Choose people from the list."),
    }

    def __init__(self, *, queryset=None, ordered: bool = False, placeholder=None, **kwargs):
        if queryset is None:
            queryset = User.objects.active()
        kwargs.setdefault("widget", self.widget(ordered=ordered, placeholder=placeholder))
        super().__init__(queryset, **kwargs)

    def clean(self, value):
        value = _without_blanks(value)
        return _in_order(super().clean(value), value)

    def has_changed(self, initial, data):
        return super().has_changed(initial, _without_blanks(data))


class DepartmentField(_PickerField, forms.ModelChoiceField):
    """One active department; cleans to a `Department` (or None when optional and empty)."""

    widget = DepartmentPicker
    default_error_messages = {"invalid_choice": _("Choose a department from the list.")}

    def __init__(self, *, queryset=None, placeholder=None, **kwargs):
        if queryset is None:
            queryset = Department.objects.active()
        kwargs.setdefault("widget", self.widget(placeholder=placeholder))
        super().__init__(queryset, empty_label=None, **kwargs)


class DepartmentsField(_PickerField, forms.ModelMultipleChoiceField):
    """Active departments; cleans to a list of `Department` in the order chosen."""

    widget = DepartmentsPicker
    default_error_messages = {
        "invalid_choice": _("Choose departments from the list."),
        "invalid_pk_value": _("Choose departments from the list."),
    }

    def __init__(self, *, queryset=None, placeholder=None, **kwargs):
        if queryset is None:
            queryset = Department.objects.active()
        kwargs.setdefault("widget", self.widget(placeholder=placeholder))
        super().__init__(queryset, **kwargs)

    def clean(self, value):
        value = _without_blanks(value)
        return _in_order(super().clean(value), value)

    def has_changed(self, initial, data):
        return super().has_changed(initial, _without_blanks(data))


def _without_blanks(value):
    """A select that chose nobody sends nothing; a script or test may send one empty value."""
    if isinstance(value, list | tuple):
        return [v for v in value if v not in ("", None)]
    return value


def _in_order(chosen: Iterable, value) -> list:
    """The objects of a multiple choice in the order they were submitted."""
    by_pk = {obj.pk: obj for obj in chosen}
    if not by_pk:
        return []
    return [by_pk[pk] for pk in dict.fromkeys(int(v) for v in value) if pk in by_pk]
