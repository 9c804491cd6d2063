"""FastSelect renders what forms.Select renders, escaped, with the chosen option selected."""

import re

from django import forms

from zhongshu.core.widgets import FastSelect

CHOICES = [("", "全部"), ("a", "甲"), ("<b>", "<script>alert(1)</script>")]


def _options(html: str) -> list[str]:
    return re.findall(r"<option[^>]*>[^<]*(?:<[^/][^<]*)?</option>", html)


def test_same_options_as_the_template_widget():
    class Both(forms.Form):
        fast = forms.ChoiceField(choices=CHOICES, required=False, widget=FastSelect)
        slow = forms.ChoiceField(choices=CHOICES, required=False)

    form = Both({"fast": "a", "slow": "a"})
    fast, slow = str(form["fast"]), str(form["slow"])
    assert _options(fast) == _options(slow)
    assert '<option value="a" selected>甲</option>' in fast
    assert 'name="fast"' in fast and 'id="id_fast"' in fast


def test_labels_and_values_are_escaped():
    html = FastSelect(choices=CHOICES).render("pick", "<b>")
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert '<option value="&lt;b&gt;" selected>' in html
