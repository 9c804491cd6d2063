"""Template helpers of the meetings pages."""

from django import template
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

register = template.Library()

# (every one, every n) per frequency: separate strings, since Chinese has one plural form.
UNITS = {
    "DAILY": (gettext_lazy("every day"), gettext_lazy("every %(n)d days")),
    "WEEKLY": (gettext_lazy("every week"), gettext_lazy("every %(n)d weeks")),
    "MONTHLY": (gettext_lazy("every month"), gettext_lazy("every %(n)d months")),
}


@register.filter
def rrule_text(rule: str) -> str:
    """A recurrence rule in words, e.g. "每 2 周，共 6 次"; the raw rule if it cannot be read."""
    text = (rule or "").strip().removeprefix("RRULE:")
    try:
        parts = dict(part.split("=", 1) for part in text.upper().split(";") if part)
        interval = int(parts.get("INTERVAL", "1"))
    except ValueError:
        return rule
    units = UNITS.get(parts.get("FREQ", ""))
    if units is None or interval < 1:
        return rule
    words = str(units[0]) if interval == 1 else str(units[1]) % {"n": interval}
    if "COUNT" in parts and parts["COUNT"].isdigit():
        count = int(parts["COUNT"])
        words += _(", %(count)d times in all") % {"count": count}
    elif "UNTIL" in parts and len(parts["UNTIL"]) >= 8:
        until = parts["UNTIL"]
        words += _(", until %(date)s") % {"date": f"{until[:4]}-{until[4:6]}-{until[6:8]}"}
    return words
