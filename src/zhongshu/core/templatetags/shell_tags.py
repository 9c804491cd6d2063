"""The page shell's left navigation: only the pages the user may open, the current one marked.

The menu (`core.menu.MENU`) depends on the language and on which of its permissions the user
holds, so each process renders the HTML once per (language, granted permissions) and reuses
it: rendering it on every request would cost some thirty URL reversals. Marking the current
page and section is then two string replacements on the cached HTML.
"""

from dataclasses import dataclass

from django import template
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from zhongshu.core.menu import MENU, SECTIONS, granted, visible_pages

register = template.Library()


@dataclass(frozen=True)
class RenderedNav:
    html: str
    # (href, section key), longest href first: the first prefix of the path is the current page.
    links: tuple[tuple[str, str], ...]


_rendered: dict[tuple[str, frozenset[str]], RenderedNav] = {}


def _render(grants: frozenset[str]) -> RenderedNav:
    sections = [(s, pages) for s in MENU if (pages := visible_pages(s, grants, nav=True))]
    html = render_to_string("_nav.html", {"sections": sections})
    links = [(page.url, section.key) for section, pages in sections for page in pages]
    links += [(section_url, s.key) for s, _p in sections if (section_url := _overview_url(s))]
    links.sort(key=lambda link: len(link[0]), reverse=True)
    return RenderedNav(html, tuple(links))


def _overview_url(section) -> str:
    return reverse(section.overview) if section.overview else ""


def _current(nav: RenderedNav, path: str) -> tuple[str, str]:
    """(href, section) of the deepest menu entry containing `path`; "/" only matches itself."""
    for href, section in nav.links:
        if path == href or (href != "/" and path.startswith(href)):
            return href, section
    return "", ""


def mark_current(nav: RenderedNav, path: str, namespace: str, *, page: bool = True) -> str:
    """Mark the current page's link (unless `page` is False) and the current section."""
    html = nav.html
    href, section = _current(nav, path)
    if href and page:
        for css in ("nav-link", "nav-section"):
            html = html.replace(
                f'<a class="{css}" href="{href}"',
                f'<a class="{css} active" aria-current="page" href="{href}"',
                1,
            )
    if namespace in SECTIONS:
        section = namespace
    return html.replace(f'data-section="{section}"', f'data-section="{section}" data-current', 1)


@register.simple_tag(takes_context=True)
def sidenav(context) -> str:
    grants = granted(context["user"])
    key = (get_language(), grants)
    nav = _rendered.get(key)
    if nav is None:
        nav = _rendered[key] = _render(grants)
    request = context.get("request")
    if request is None:
        return mark_safe(nav.html)  # noqa: S308 - our own template, rendered without user data
    match = getattr(request, "resolver_match", None)
    namespace = match.namespaces[0] if match and match.namespaces else ""
    # The HTML is ours; the path only selects which of our own links gets marked.
    # An error page is not the page its link names: only its section is marked.
    marked = mark_current(nav, request.path, namespace, page=not context.get("error_page"))
    return mark_safe(marked)  # noqa: S308
