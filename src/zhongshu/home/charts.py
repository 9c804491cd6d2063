"""Charts of the dashboard: pygal draws them on the server as SVG, embedded in the page.

The Content-Security-Policy allows no inline script and no inline style, so what pygal adds
for its interactive mode is taken out: the `<script>` config, the `<style>` sheet, `style`
attributes and the tooltip layer. The look (fonts, colours, dark mode, print) comes from
`static/zhongshu/app.css` through the classes pygal leaves on every element (`.pygal-chart`,
`.series.color-N`, `.axis`, `.text-overlay`), so a chart follows the theme like the rest of
the page and prints in sharp vectors. Nothing is fetched: pygal's JS is never referenced.

A rendered chart depends only on its data, so the SVG is kept in a small per-process cache.
"""

import math
from functools import lru_cache

import pygal
from django.utils.safestring import SafeString, mark_safe
from pygal.etree import etree
from pygal.style import Style

from .registry import Chart

# Font sizes pygal uses to place labels; app.css gives the drawn text the same sizes.
_STYLE = Style(
    font_family="sans-serif",
    label_font_size=13,
    major_label_font_size=13,
    value_font_size=13,
    value_label_font_size=13,
    legend_font_size=13,
    title_font_size=14,
    tooltip_font_size=12,
    no_data_font_size=14,
    background="transparent",
    plot_background="transparent",
)
_COMMON = {
    "style": _STYLE,
    "js": [],
    "css": [],
    "disable_xml_declaration": True,
    "explicit_size": False,
    "no_prefix": True,
    "tooltip_fancy_mode": False,
    "print_values": True,
    "print_zeroes": False,
    "truncate_label": -1,
    "truncate_legend": -1,
    "margin": 8,
    "spacing": 8,
}


def _widen(label: str) -> str:
    """Pygal sizes its label margin by character count; pad CJK labels so they fit."""
    wide = sum(1 for char in label if ord(char) > 0x2E80)
    return label + " " * wide


def render(chart: Chart) -> SafeString:
    """The chart as an inline SVG element, safe to embed under the CSP."""
    return mark_safe(  # noqa: S308 - built here from numbers and escaped labels by lxml
        _render(
            chart.kind,
            chart.title,
            tuple(chart.labels),
            tuple((name, tuple(values)) for name, values in chart.series),
            tuple(chart.tones),
        )
    )


@lru_cache(maxsize=256)
def _render(kind: str, title: str, labels: tuple, series: tuple, tones: tuple) -> str:
    if kind == "donut":
        graph = pygal.Pie(
            **_COMMON,
            inner_radius=0.55,
            width=320,
            height=260,
            show_legend=True,
            legend_at_bottom=True,
            legend_at_bottom_columns=2,
            legend_box_size=10,
        )
        for label, value in zip(labels, series[0][1] if series else (), strict=False):
            graph.add(label, [value])
    else:
        horizontal = kind in ("hbar", "stacked")
        factory = {
            "bar": pygal.Bar,
            "hbar": pygal.HorizontalBar,
            "stacked": pygal.HorizontalStackedBar,
        }[kind]
        rows = max(len(labels), 1)
        top = _scale_top(kind, series)
        step = max(1, math.ceil(top / 5))
        graph = factory(
            **_COMMON,
            width=380,
            height=max(150, 30 * rows + 60) if horizontal else 220,
            range=(0, step * math.ceil(top / step)),
            show_legend=kind == "stacked",
            legend_at_bottom=True,
            legend_box_size=10,
            show_y_guides=not horizontal,
            show_x_guides=horizontal,
            print_values_position="center" if kind == "stacked" else "top",
        )
        if horizontal:
            # Pygal draws the first label at the bottom; a reader starts at the top.
            graph.x_labels = [_widen(label) for label in reversed(labels)]
            series = tuple((name, tuple(reversed(values))) for name, values in series)
        else:
            graph.x_labels = list(labels)
            graph.x_labels_major_every = 2 if len(labels) > 8 else None
            graph.show_minor_x_labels = len(labels) <= 8
        # Counts: whole-number ticks only.
        graph.y_labels = list(range(0, step * math.ceil(top / step) + 1, step))
        for name, values in series:
            graph.add(name, list(values))
    return _clean(graph, kind, title, tones)


def _scale_top(kind: str, series: tuple) -> int:
    """The largest bar: the largest value, or the largest stack for stacked bars."""
    if kind == "stacked":
        sums = [sum(column) for column in zip(*(values for _name, values in series), strict=True)]
        return max([1, *sums])
    return max([1, *(value for _name, values in series for value in values)])


def _clean(graph, kind: str, title: str, tones: tuple) -> str:
    root = graph.render_tree()
    parents = {child: parent for parent in root.iter() for child in parent}
    doomed = []
    for element in root.iter():
        tag = element.tag if isinstance(element.tag, str) else ""
        classes = (element.get("class") or "").split()
        if (
            not tag  # comments
            or tag.rpartition("}")[2] in ("script", "style", "defs", "desc")
            or "tooltip-overlay" in classes
        ):
            doomed.append(element)
            continue
        if tag.rpartition("}")[2] == "title":
            # The chart's own title names it; pygal's titles on guides are raw ratios.
            if parents.get(element) is root:
                element.text = title
            else:
                doomed.append(element)
            continue
        element.attrib.pop("style", None)
        element.attrib.pop("id", None)  # pygal's ids repeat in every chart of a page
        # A series (and its legend box) has class `color-N`; its tone colours it instead.
        index = next((c[6:] for c in classes if c.startswith("color-")), "")
        if tones and index.isdigit() and int(index) < len(tones):
            element.set("class", f"{element.get('class')} tone-{tones[int(index)]}")
    for element in doomed:
        parent = parents.get(element)
        if parent is not None:
            parent.remove(element)
    root.set("class", f"pygal-chart chart-{kind}")
    root.set("role", "img")
    root.set("aria-label", title)
    root.set("preserveAspectRatio", "xMidYMid meet")
    return etree.tostring(root, encoding="unicode")
