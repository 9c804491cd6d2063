"""The dashboard registry: the figures and charts each module puts on the home page.

A module registers its panel once, from its `hooks.py`:

    register_dashboard_panel(
        "assets", _("Assets"), build=asset_panel, perm="assets.view_ledger", order=40, icon="box"
    )

`build(user)` returns a `Panel` (or None when the module has nothing to say to this user). It
must cost a fixed number of queries, whatever the number of rows: counts with GROUP BY, never a
loop over rows. A panel is shown to users holding any of `roles` (all users when empty) and, if
`perm` is given, the permission; the dashboard asks `build` only for the panels a user may see.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from zhongshu.core.roles import Role


@dataclass
class Figure:
    """One number with its label; `url` opens the list behind it; `tone` colours it
    ("danger" for overdue work, "warning", "success", or "" for a plain figure)."""

    label: str
    value: int | str
    url: str = ""
    tone: str = ""
    note: str = ""


@dataclass
class Chart:
    """What to draw, not how: `home.charts` turns it into an SVG.

    kind: "bar" (vertical bars over `labels`), "hbar" (horizontal bars, one per label),
    "stacked" (horizontal bars of several series stacked per label) or "donut" (one slice
    per label). `series` is a list of (name, values), values aligned with `labels`; `tones`
    names each series' colour class for "stacked" (e.g. ["danger", "primary"]).
    """

    kind: str
    title: str
    labels: list[str]
    series: list[tuple[str, list[int]]]
    tones: list[str] = field(default_factory=list)


@dataclass
class Progress:
    """A bar of work done out of a total (a stocktake's counted lines), linking to the work."""

    label: str
    done: int
    total: int
    url: str = ""

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


@dataclass
class Panel:
    """What a module shows on the dashboard. A panel with neither figures, chart nor progress
    shows `empty` — a sentence saying what to do next — with `actions` as its buttons."""

    figures: list[Figure] = field(default_factory=list)
    chart: Chart | None = None
    progress: list[Progress] = field(default_factory=list)
    progress_title: str = ""
    empty: str = ""
    actions: list[tuple[str, str]] = field(default_factory=list)
    link: tuple[str, str] | None = None

    @property
    def is_empty(self) -> bool:
        return not (self.figures or self.chart or self.progress)


@dataclass(frozen=True)
class DashboardPanel:
    key: str
    title: object
    build: Callable[..., Panel | None]
    roles: tuple[str, ...] = ()
    perm: str | None = None
    order: int = 100
    icon: str = "chart"

    def shown_to(self, user) -> bool:
        if self.roles and not user.has_role(*self.roles):
            return False
        return not self.perm or user.has_perm(self.perm)


_PANELS: dict[str, DashboardPanel] = {}


def register_dashboard_panel(
    key: str,
    title,
    *,
    build: Callable[..., Panel | None],
    roles: Sequence[Role | str] = (),
    perm: str | None = None,
    order: int = 100,
    icon: str = "chart",
) -> DashboardPanel:
    """Add (or replace, by `key`) a panel of the dashboard; lower `order` comes first; `icon`
    names a symbol of static/zhongshu/icons.svg."""
    panel = DashboardPanel(key, title, build, tuple(str(r) for r in roles), perm, order, icon)
    _PANELS[key] = panel
    return panel


def dashboard_panels() -> list[DashboardPanel]:
    return sorted(_PANELS.values(), key=lambda panel: (panel.order, panel.key))


def panels_for(user) -> list[tuple[DashboardPanel, Panel]]:
    """The panels `user` may see, built, in order; a build answering None is left out."""
    if not user or not user.is_authenticated or not user.is_active:
        return []
    built = []
    for panel in dashboard_panels():
        if panel.shown_to(user):
            data = panel.build(user)
            if data is not None:
                built.append((panel, data))
    return built
