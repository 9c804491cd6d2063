"""The assets panel of the dashboard, for those who keep or audit the ledger: cards by status
with their value, transfers waiting for acknowledgement, and the progress of the stocktakes
being counted. Three queries, whatever the size of the ledger (the stocktakes' counts are
correlated subqueries over at most `STOCKTAKES_SHOWN` stocktakes)."""

from django.db.models import Count, IntegerField, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext as _

from zhongshu.home.registry import Chart, Figure, Panel, Progress

from .models import (
    Asset,
    AssetStatus,
    Stocktake,
    StocktakeLine,
    StocktakeScan,
    StocktakeStatus,
    Transfer,
    TransferStatus,
)

STOCKTAKES_SHOWN = 3
# The colour of each status in the chart (app.css `.tone-*`), in the order drawn.
STATUS_TONES = {
    AssetStatus.IN_USE: "primary",
    AssetStatus.IDLE: "accent",
    AssetStatus.UNDER_REPAIR: "warning",
    AssetStatus.LOST: "danger",
    AssetStatus.DISPOSED: "neutral",
}


def _count(queryset) -> Subquery:
    return Subquery(
        queryset.order_by().values("stocktake").annotate(n=Count("id")).values("n")[:1],
        output_field=IntegerField(),
    )


def assets_panel(user) -> Panel:
    rows = (
        Asset.objects.visible_to(user)
        .order_by()
        .values_list("status")
        .annotate(n=Count("id"), value=Sum("price"))
    )
    by_status = {status: (n, value or 0) for status, n, value in rows}
    ledger = reverse("assets:list")
    if not by_status:
        return Panel(
            empty=_(
                "The asset ledger is empty. Register the first cards one by one or import "
                "the existing ledger from Excel."
            ),
            actions=[
                (_("Register asset"), reverse("assets:create")),
                (_("Import"), reverse("assets:import")),
            ]
            if user.has_perm("assets.manage")
            else [],
        )
    transfers = Transfer.objects.visible_to(user).filter(status=TransferStatus.PENDING).count()
    stocktakes = list(
        Stocktake.objects.visible_to(user)
        .filter(status=StocktakeStatus.COUNTING)
        .annotate(
            expected=Coalesce(
                _count(StocktakeLine.objects.filter(stocktake=OuterRef("pk"), expected=True)), 0
            ),
            counted=Coalesce(
                _count(StocktakeScan.objects.filter(stocktake=OuterRef("pk"), duplicate=False)),
                0,
            ),
        )
        .order_by("-id")
        .values("pk", "number", "title", "expected", "counted")[:STOCKTAKES_SHOWN]
    )
    active = sum(
        by_status.get(status, (0, 0))[0] for status in AssetStatus if status != AssetStatus.DISPOSED
    )
    value = sum(
        value for status, (_n, value) in by_status.items() if status != AssetStatus.DISPOSED
    )
    statuses = [status for status in STATUS_TONES if by_status.get(status)]
    repair = by_status.get(AssetStatus.UNDER_REPAIR, (0, 0))[0]
    return Panel(
        figures=[
            Figure(_("Assets on the ledger"), active, ledger),
            Figure(_("Original value (CNY)"), f"{value:,.0f}"),
            Figure(
                _("Under repair"),
                repair,
                f"{ledger}?status={AssetStatus.UNDER_REPAIR}",
                tone="warning" if repair else "",
            ),
            Figure(_("Transfers to acknowledge"), transfers, reverse("assets:transfer_list")),
        ],
        chart=Chart(
            kind="donut",
            title=_("Assets by status"),
            labels=[str(AssetStatus(status).label) for status in statuses],
            series=[(_("Assets"), [by_status[status][0] for status in statuses])],
            tones=[STATUS_TONES[status] for status in statuses],
        ),
        progress=[
            Progress(
                f"{row['number']} {row['title']}",
                min(row["counted"], row["expected"]),
                row["expected"],
                reverse("assets:stocktake_detail", args=[row["pk"]]),
            )
            for row in stocktakes
        ],
        progress_title=_("Stocktakes being counted") if stocktakes else "",
        link=(_("Asset ledger"), ledger),
    )
