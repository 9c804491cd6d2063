"""The stocktake report for leadership: a summary sheet and every line with its reason."""

import tempfile
from typing import IO

from django.utils.translation import gettext as _
from openpyxl import Workbook

from zhongshu.audit.services import record
from zhongshu.core.errors import ensure
from zhongshu.core.excel import safe_row
from zhongshu.org.models import User

from ..models import Result, Stocktake, StocktakeLine
from .stocktake import counts


def stocktake_report(*, stocktake: Stocktake, by: User) -> IO[bytes]:
    ensure(by, "assets.view_stocktake", stocktake)
    labels = dict(Result.choices)
    workbook = Workbook(write_only=True)
    summary = workbook.create_sheet(_("Summary"))
    summary.append(safe_row(summary, [_("Stocktake"), stocktake.number, stocktake.title]))
    summary.append(safe_row(summary, [_("Status"), stocktake.get_status_display()]))
    summary.append(safe_row(summary, [_("Result"), _("Assets")]))
    for key, value in counts(stocktake).items():
        summary.append(safe_row(summary, [str(labels[key]), value]))
    lines = workbook.create_sheet(_("Lines"))
    lines.append(
        safe_row(
            lines,
            [
                _("Asset number"),
                _("Name"),
                _("Result"),
                _("Expected location"),
                _("Found location"),
                _("Expected custodian"),
                _("Found custodian"),
                _("Reason"),
            ],
        )
    )
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
        lines.append(safe_row(lines, values))
    target = tempfile.TemporaryFile()  # noqa: SIM115 - handed to the streaming response
    workbook.save(target)
    target.seek(0)
    record(actor=by, action="assets.stocktake_report_exported", obj=stocktake)
    return target
