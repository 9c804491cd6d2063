"""Form widgets for the hot paths of list pages."""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.translation import pgettext

# Placeholder labels of a filter's empty choice ("no filter"), shown as "全部" (All).
BLANK_LABELS = {"---------", "—", "-", ""}


class FastSelect(forms.Select):
    """A single-choice <select> built in Python instead of one widget template per option.

    A list page renders its filter form on every view; with Django's templates the options cost
    more than the list's own query. Flat choices only (no option groups); the attributes and
    the selected option come out as with `forms.Select`. A filter's empty choice left with a
    placeholder label ("---------", "—") reads "全部" (All): no filter means all rows.
    """

    def render(self, name, value, attrs=None, renderer=None):
        attributes = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        selected = set(self.format_value(value))
        everything = pgettext("filter choice", "All")
        values = (("" if key is None else str(key), label) for key, label in self.choices)
        values = (
            (key, everything if key == "" and str(label) in BLANK_LABELS else label)
            for key, label in values
        )
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            ((key, " selected" if key in selected else "", label) for key, label in values),
        )
        return format_html("<select{}>{}</select>", flatatt(attributes), options)
