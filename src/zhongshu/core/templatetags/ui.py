"""Small pieces of the look every page shares: icons from the local sprite, status badges.

    {% load ui %}
    {% icon "inbox" %}                       an icon of static/zhongshu/icons.svg
    {% status_badge d.status d.get_status_display %}
    <span class="badge badge-status {{ status|status_tone }}">…</span>

A status value gets one tone wherever it appears (app.css colours the tones, light and dark):
work waiting on someone is `info`, work going on `primary`, something to look at `warning`,
refused or lost `danger`, finished `success`, closed or set aside `neutral`.
"""

from django import template
from django.templatetags.static import static
from django.utils.html import format_html

register = template.Library()

STATUS_TONES = {
    # waiting for someone
    "registered": "info",
    "awaiting_instruction": "info",
    "pending_approval": "info",
    "pending": "info",
    "requested": "info",
    "submitted": "info",
    "draft": "neutral",
    "waiting": "neutral",
    # going on
    "handling": "primary",
    "reviewing": "primary",
    "signing": "primary",
    "counting": "primary",
    "in_use": "primary",
    "scheduled": "primary",
    "open": "primary",
    "on_track": "primary",
    "available": "success",
    # look at it
    "returned": "warning",
    "under_repair": "warning",
    "released": "warning",
    "maintenance": "warning",
    "surplus": "warning",
    "wrong_location": "warning",
    "wrong_custodian": "warning",
    # refused or lost
    "rejected": "danger",
    "lost": "danger",
    "deficit": "danger",
    "overdue": "danger",
    # finished
    "done": "success",
    "approved": "success",
    "accepted": "success",
    "matched": "success",
    "issued": "success",
    "signed": "success",
    "published": "success",
    "attend": "success",
    # closed or set aside
    "archived": "neutral",
    "closed": "neutral",
    "withdrawn": "neutral",
    "cancelled": "neutral",
    "disposed": "neutral",
    "idle": "neutral",
    "decline": "neutral",
}


@register.filter
def status_tone(value) -> str:
    """The badge class of a status value: `tone-success`, `tone-danger`, … (`tone-neutral`)."""
    return f"tone-{STATUS_TONES.get(str(value), 'neutral')}"


@register.simple_tag
def status_badge(status, label=None) -> str:
    """A status badge: the label in the status's tone; `data-status` names the raw value."""
    return format_html(
        '<span class="badge badge-status {}" data-status="{}">{}</span>',
        status_tone(status),
        status,
        status if label is None else label,
    )


@register.simple_tag
def icon(name: str, extra: str = "") -> str:
    """An icon of the local sprite, decorative (the text beside it says what it means)."""
    return format_html(
        '<svg class="icon {}" aria-hidden="true" focusable="false"><use href="{}#{}"></use></svg>',
        extra,
        static("zhongshu/icons.svg"),
        name,
    )
