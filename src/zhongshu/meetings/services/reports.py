"""Read-side outputs: statistics, the weekly report as Excel, the material pack."""

import io
import zipfile
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

from django.db.models import Count, DurationField, ExpressionWrapper, F, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook

from zhongshu.audit.services import record_access
from zhongshu.core.errors import ensure
from zhongshu.core.excel import DATE, INTEGER, Column, header_row, printable_sheet, safe_row
from zhongshu.files.models import Attachment
from zhongshu.files.services import open_plaintext
from zhongshu.org.models import User

from ..models import ActionState, Meeting, MeetingStatus, Room
from .actions import WeeklyReport

WORKING_HOURS_PER_DAY = 9


def _hours(duration: timedelta | None) -> float:
    return round(duration.total_seconds() / 3600, 1) if duration else 0.0


def _rows(queryset: QuerySet) -> list[dict[str, Any]]:
    """The rows of a `.values(...).annotate(...)` query as plain dicts, to add columns to."""
    return list(queryset)


def meeting_stats(*, year: int, by: User) -> dict[str, Any]:
    """Meetings held, hours, no-shows by month and by department; room utilisation by month.

    Utilisation = booked hours of held meetings / (rooms × working days × 9 h).
    """
    ensure(by, "meetings.view_stats")
    start = timezone.make_aware(datetime(year, 1, 1))
    end = timezone.make_aware(datetime(year + 1, 1, 1))
    duration = ExpressionWrapper(F("end") - F("start"), output_field=DurationField())
    meetings = Meeting.objects.filter(start__gte=start, start__lt=end).exclude(
        status=MeetingStatus.CANCELLED
    )
    held = Q(no_show=False)
    aggregates = {
        "held": Count("id", filter=held),
        "hours": Sum(duration, filter=held),
        "no_shows": Count("id", filter=Q(no_show=True)),
    }
    by_month = _rows(
        meetings.annotate(month=TruncMonth("start"))
        .values("month")
        .order_by("month")
        .annotate(**aggregates)
    )
    rooms = Room.objects.count() or 1
    for row in by_month:
        month = row["month"].date() if isinstance(row["month"], datetime) else row["month"]
        following = (month.replace(day=28) + timedelta(days=4)).replace(day=1)
        working_days = sum(
            1 for n in range((following - month).days) if (month + timedelta(days=n)).weekday() < 5
        )
        capacity = rooms * working_days * WORKING_HOURS_PER_DAY
        row["month"] = month
        row["hours"] = _hours(row["hours"])
        row["utilisation"] = round(100 * row["hours"] / capacity, 2) if capacity else 0
    by_department = _rows(
        meetings.values("department__name").order_by("department__name").annotate(**aggregates)
    )
    for row in by_department:
        row["hours"] = _hours(row["hours"])
    return {"year": year, "by_month": by_month, "by_department": by_department}


def weekly_report_xlsx(report: WeeklyReport) -> bytes:
    """每周进度表 as an Excel file: one summary sheet per owner and one row per item, each laid
    out for print (`core.excel.printable_sheet`)."""
    workbook = Workbook(write_only=True)
    columns = [
        Column(_("Owner"), 16),
        Column(_("Done"), 10, INTEGER),
        Column(_("On track"), 10, INTEGER),
        Column(_("Overdue"), 10, INTEGER),
    ]
    summary = printable_sheet(workbook, _("Summary"), columns, header=False)
    summary.append(safe_row(summary, [_("Week"), report.week]))
    summary.append(header_row(summary, columns))
    for row in report.rows:
        summary.append(
            safe_row(
                summary, [row.owner.display_name, row.done, row.on_track, row.overdue], columns
            )
        )
    columns = [
        Column(_("Owner"), 16),
        Column(pgettext("meeting decision", "Action"), 40),
        Column(_("Meeting"), 28),
        Column(_("Due date"), 12, DATE),
        Column(_("Progress (%)"), 10, INTEGER),
        Column(_("State"), 12),
    ]
    items = printable_sheet(workbook, _("Action items"), columns)
    for row in report.rows:
        for action, state in row.items:
            items.append(
                safe_row(
                    items,
                    [
                        row.owner.display_name,
                        action.title,
                        action.meeting.title,
                        action.due_date,
                        action.percent,
                        str(ActionState(state).label),
                    ],
                    columns,
                )
            )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


class ZipSink(io.RawIOBase):
    """A write-only stream for `zipfile` that keeps what was written until it is taken.

    It cannot seek, so zipfile writes each member's sizes after its data (data descriptors)
    and the archive can be handed on piece by piece while it is being built.
    """

    def __init__(self) -> None:
        super().__init__()
        self._pieces: list[bytes] = []

    def writable(self) -> bool:
        return True

    def write(self, data: bytes | bytearray | memoryview) -> int:  # type: ignore[override]
        self._pieces.append(bytes(data))
        return len(data)

    def take(self) -> bytes:
        written = b"".join(self._pieces)
        self._pieces.clear()
        return written


def material_pack(*, meeting: Meeting, by: User) -> Iterator[bytes]:
    """材料包: every agenda material of the meeting in one zip (decrypted, audited as a read).

    Streamed: each file is decrypted chunk by chunk into the archive and every compressed
    piece is handed on at once, so memory stays flat whatever the size of the pack.
    """
    ensure(by, "meetings.view_meeting", meeting)
    attachments = list(Attachment.objects.for_owner(meeting))
    record_access(actor=by, obj=meeting, action="material_pack")
    return _zip_stream(attachments)


def _zip_stream(attachments: list[Attachment]) -> Iterator[bytes]:
    sink = ZipSink()
    used: set[str] = set()
    with zipfile.ZipFile(sink, "w", zipfile.ZIP_DEFLATED) as archive:
        for index, attachment in enumerate(attachments, start=1):
            name = f"{index:02d}-{attachment.original_name}".replace("/", "_")
            while name in used:
                name = "_" + name
            used.add(name)
            large = attachment.size >= zipfile.ZIP64_LIMIT
            with archive.open(name, "w", force_zip64=large) as member:
                for chunk in open_plaintext(attachment):
                    member.write(chunk)
                    if piece := sink.take():
                        yield piece
    if piece := sink.take():
        yield piece
