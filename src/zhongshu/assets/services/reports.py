"""The stocktake report for leadership: a summary sheet and every line with its reason."""

import tempfile
from typing import IO

from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook

from zhongshu.audit.services import record
from zhongshu.core.errors import ensure
from zhongshu.core.excel import INTEGER, Column, header_row, printable_sheet, safe_row
from zhongshu.org.models import User

from ..models import Result, Stocktake, StocktakeLine
from .stocktake import counts


def summary_columns() -> list[Column]:
    return [
        Column(_("Result"), 18),
        Column(pgettext("number of assets", "Assets"), 18, INTEGER),
        Column("", 40),
    ]


def line_columns() -> list[Column]:
    return [
        Column(_("Asset number"), 17),
        Column(_("Name"), 24),
        Column(_("Result"), 10),
        Column(_("Expected location"), 24),
        Column(_("Found location"), 24),
        Column(_("Expected custodian"), 12),
        Column(_("Found custodian"), 12),
        Column(_("Reason"), 30),
    ]


def stocktake_report(*, stocktake: Stocktake, by: User) -> IO[bytes]:
    """The summary (the stocktake, then assets per result) and every line, laid out for print."""
    ensure(by, "assets.view_stocktake", stocktake)
    labels = dict(Result.choices)
    workbook = Workbook(write_only=True)
    columns = summary_columns()
    summary = printable_sheet(workbook, _("Summary"), columns, header=False)
    summary.append(safe_row(summary, [_("Stocktake"), stocktake.number, stocktake.title]))
    summary.append(safe_row(summary, [_("Status"), stocktake.get_status_display()]))
    summary.append(header_row(summary, columns[:2]))
    for key, value in counts(stocktake).items():
        summary.append(safe_row(summary, [str(labels[key]), value], columns))
    columns = line_columns()
    lines = printable_sheet(workbook, _("Lines"), columns)
    rows = (
        StocktakeLine.objects.filter(stocktake=stocktake)
        .order_by("result", "id")
        .values_list(
            "asset__number",
            "asset__name",
            "result",
            "expected_location__full_name",
            "found_location__full_name",
            "expected_custodian__name",
            "found_custodian__name",
            "reason",
        )
    )
    for row in rows.iterator(chunk_size=2000):
        values = [value or "" for value in row]
        values[2] = str(labels.get(values[2], values[2]))
        lines.append(safe_row(lines, values, columns))
    target = tempfile.TemporaryFile()  # noqa: SIM115 - handed to the streaming response
    workbook.save(target)
    target.seek(0)
    record(actor=by, action="assets.stocktake_report_exported", obj=stocktake)
    return target
