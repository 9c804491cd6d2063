"""The shared look: status badges, icons, natural sort keys, empty choices of selects."""

from django import forms
from django.template import Context, Template
from django.utils import translation

from zhongshu.core.natural import natural_key
from zhongshu.core.templatetags.ui import STATUS_TONES, status_tone
from zhongshu.core.widgets import FastSelect


def render(source: str, **context) -> str:
    return Template("{% load ui %}" + source).render(Context(context))


def test_each_status_has_one_tone_and_unknown_ones_are_neutral():
    assert status_tone("archived") == "tone-neutral"
    assert status_tone("returned") == "tone-warning"
    assert status_tone("lost") == "tone-danger"
    assert status_tone("approved") == "tone-success"
    assert status_tone("no-such-status") == "tone-neutral"
    assert set(STATUS_TONES.values()) <= {
        "info",
        "primary",
        "success",
        "warning",
        "danger",
        "neutral",
    }


def test_status_badge_escapes_its_label():
    html = render("{% status_badge status label %}", status="returned", label="<b>退回</b>")
    assert html == (
        '<span class="badge badge-status tone-warning" data-status="returned">'
        "&lt;b&gt;退回&lt;/b&gt;</span>"
    )


def test_icons_come_from_the_local_sprite():
    html = render('{% icon "inbox" "icon-lg" %}')
    assert 'href="/static/zhongshu/icons.svg#inbox"' in html
    assert 'aria-hidden="true"' in html and "icon-lg" in html


def test_natural_key_orders_numbers_by_value():
    names = [
        "总部大楼 / 3层",
        "总部大楼 / 10层",
        "总部大楼 / 1层 / 203室",
        "总部大楼 / 1层 / 201室",
    ]
    assert sorted(names, key=natural_key) == [
        "总部大楼 / 1层 / 201室",
        "总部大楼 / 1层 / 203室",
        "总部大楼 / 3层",
        "总部大楼 / 10层",
    ]
    assert natural_key("洽谈室2") < natural_key("洽谈室10")
    assert len(natural_key("9" * 1000)) == 500


class ChoiceForm(forms.Form):
    plain = forms.ChoiceField(choices=[("", "---------"), ("a", "甲")], required=False)
    named = forms.ChoiceField(choices=[("", "全部状态"), ("a", "甲")], required=False)
    fast = forms.ChoiceField(choices=[("", "—"), ("a", "甲")], required=False, widget=FastSelect)


def test_empty_choices_read_please_choose_in_forms_and_all_in_filters():
    with translation.override("zh-hans"):
        html = str(ChoiceForm())
    assert "---------" not in html
    assert '<option value="" selected>请选择</option>' in html
    assert '<option value="" selected>全部状态</option>' in html  # a real label is kept
    assert '<option value="" selected>全部</option>' in html
