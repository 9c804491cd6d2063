"""The page shell's left navigation, rendered once per language and permission set.

Every page shows the same navigation; only the language and two permissions change it. Rendering
it from the template on every request costs some thirty URL reversals, so each process keeps
the finished HTML per (language, permissions) and reuses it.
"""

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

register = template.Library()

# The permissions _nav.html tests; the rendered HTML depends on nothing else but the language.
NAV_PERMISSIONS = ("org.manage_users", "audit.view_audit")
_rendered: dict[tuple, str] = {}


@register.simple_tag(takes_context=True)
def sidenav(context) -> str:
    user = context["user"]
    allowed = tuple(user.has_perm(name) for name in NAV_PERMISSIONS)
    key = (get_language(), allowed)
    if key not in _rendered:
        flags = dict(zip(("can_manage_users", "can_view_audit"), allowed, strict=True))
        _rendered[key] = render_to_string("_nav.html", flags)
    return mark_safe(_rendered[key])  # noqa: S308 - our own template, rendered without user data
