"""归档: DA/T 22 档号, fixity re-checks (DA/T 70), the archive catalogue (归档文件目录)."""

import hashlib
import re
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook

from zhongshu.audit.services import record
from zhongshu.core.errors import Conflict, ServiceError, check_transition, ensure
from zhongshu.core.excel import INTEGER, Column, printable_sheet, safe_row
from zhongshu.core.numbering import next_value
from zhongshu.core.roles import Role
from zhongshu.files.crypto import FileIntegrityError
from zhongshu.files.models import Attachment
from zhongshu.files.services import open_plaintext
from zhongshu.notices.services import notify
from zhongshu.org.models import Department, User

from ..models import (
    FLOW,
    ArchiveRecord,
    EventAction,
    HandlingTask,
    IncomingDocument,
    OutgoingDocument,
    OutgoingStatus,
    Retention,
    RoutingSlip,
    Status,
)
from .common import config, event, lock

CODE_RE = re.compile(r"^[A-Z0-9]{1,10}$")


def catalogue_columns() -> tuple[Column, ...]:
    """归档文件目录 (DA/T 22): 序号, 档号, 文号, 责任者, 题名, 日期 (YYYYMMDD), 密级, 页数, 备注,
    their headers in the active language."""
    return (
        Column(pgettext("archive catalogue", "No."), 6, INTEGER),
        Column(pgettext("archive catalogue", "Archive number"), 30),
        Column(pgettext("archive catalogue", "Document number"), 22),
        Column(pgettext("archive catalogue", "Responsible party"), 20),
        Column(pgettext("archive catalogue", "Title"), 50),
        # Eight digits as text (DA/T 22), never a number or date Excel would reformat.
        Column(pgettext("archive catalogue", "Date"), 11),
        Column(pgettext("archive catalogue", "Confidentiality"), 14),
        Column(pgettext("archive catalogue", "Pages"), 6, INTEGER),
        Column(pgettext("archive catalogue", "Remarks"), 18),
    )


def is_finished(document: IncomingDocument) -> bool:
    """Finished: every routing slip signed, no handling task open, nothing awaited."""
    if document.status not in (Status.REGISTERED, Status.DONE):
        return False
    if document.slips.exclude(state=RoutingSlip.State.SIGNED).exists():
        return False
    if document.tasks.filter(state=HandlingTask.State.OPEN).exists():
        return False
    return document.status == Status.DONE or document.circulations.exists()


def archive_number(
    *, fonds: str, category: str, year: int, retention: str, org_code: str, item_no: int
) -> str:
    """全宗号-门类代码·年度-保管期限代码-机构代码-件号, e.g. Z001-WS·2026-D30-BGS-0001."""
    return f"{fonds}-{category}·{year}-{retention}-{org_code}-{item_no:04d}"


def _archive_codes(
    *, retention: str, category: str, year: int | str, org_code: str | None
) -> dict[str, Any]:
    """The validated parts of a 档号 (ServiceError on the first bad field)."""
    if retention not in Retention.values:
        raise ServiceError(_("Unknown retention period."), code="invalid", field="retention")
    category = str(category or "").strip().upper()
    if not CODE_RE.match(category):
        raise ServiceError(_("Enter a category code such as WS."), code="invalid", field="category")
    org_code = str(org_code or config("ORG_CODE", "BGS")).strip().upper()
    if not CODE_RE.match(org_code):
        raise ServiceError(_("Enter an organisation code."), code="invalid", field="org_code")
    try:
        number = int(year)
    except (TypeError, ValueError):
        number = 0
    if not 1900 <= number <= timezone.localdate().year:
        raise ServiceError(_("Enter a valid year."), code="invalid", field="year")
    return {"retention": retention, "category": category, "year": number, "org_code": org_code}


def _archive_record(
    *, codes: dict[str, Any], paper_location: str, by: User, **item: Any
) -> ArchiveRecord:
    """Take the next 件号 of the year/retention/organisation and store the record of `item`."""
    fonds = config("FONDS_CODE", "Z001")
    key = ":".join(str(codes[k]) for k in ("category", "year", "retention", "org_code"))
    item_no = next_value(f"documents.archive:{fonds}:{key}")
    return ArchiveRecord.objects.create(
        archive_number=archive_number(fonds=fonds, item_no=item_no, **codes),
        item_no=item_no,
        paper_location=(paper_location or "").strip()[:100],
        archived_by=by,
        **codes,
        **item,
    )


@transaction.atomic
def document_archive(
    *,
    document: IncomingDocument,
    retention: str,
    category: str,
    year: int,
    by: User,
    org_code: str | None = None,
    paper_location: str = "",
) -> ArchiveRecord:
    document = lock(document)
    ensure(by, "documents.manage_document", document)
    codes = _archive_codes(retention=retention, category=category, year=year, org_code=org_code)
    if document.status == Status.ARCHIVED:
        raise Conflict(_("This item is already archived."), code="already_archived")
    if not is_finished(document):
        raise Conflict(
            _(
                "Only finished items can be archived: every reader must have signed and every "
                "handling task must be reported."
            ),
            code="not_finished",
        )
    check_transition(
        {**FLOW, Status.REGISTERED: {Status.ARCHIVED}}, document.status, Status.ARCHIVED
    )
    archived = _archive_record(codes=codes, paper_location=paper_location, by=by, document=document)
    before = document.status
    document.status = Status.ARCHIVED
    document.save(update_fields=["status"])
    event(document, by=by, action=EventAction.ARCHIVED, note=archived.archive_number)
    record(
        actor=by,
        action="documents.incoming_archived",
        obj=document,
        before={"status": before},
        after={"status": Status.ARCHIVED, "archive_number": archived.archive_number},
    )
    return archived


@transaction.atomic
def outgoing_archive(
    *,
    outgoing: OutgoingDocument,
    retention: str,
    category: str,
    year: int,
    by: User,
    org_code: str | None = None,
    paper_location: str = "",
) -> ArchiveRecord:
    """整理归档 of an issued document, numbered in the same DA/T 22 sequence as incoming items."""
    outgoing = OutgoingDocument.objects.select_for_update().get(pk=outgoing.pk)
    ensure(by, "documents.archive_outgoing", outgoing)
    codes = _archive_codes(retention=retention, category=category, year=year, org_code=org_code)
    if outgoing.status == OutgoingStatus.ARCHIVED:
        raise Conflict(_("This item is already archived."), code="already_archived")
    if outgoing.status != OutgoingStatus.ISSUED:
        raise Conflict(
            _("Only issued documents can be archived."), code="not_issued", field="status"
        )
    archived = _archive_record(codes=codes, paper_location=paper_location, by=by, outgoing=outgoing)
    outgoing.status = OutgoingStatus.ARCHIVED
    outgoing.save(update_fields=["status"])
    record(
        actor=by,
        action="documents.outgoing_archived",
        obj=outgoing,
        before={"status": OutgoingStatus.ISSUED},
        after={"status": OutgoingStatus.ARCHIVED, "archive_number": archived.archive_number},
    )
    return archived


def _intact(attachment: Attachment) -> bool:
    digest = hashlib.sha256()
    try:
        for chunk in open_plaintext(attachment):
            digest.update(chunk)
    except (FileIntegrityError, OSError):
        return False
    return digest.hexdigest() == attachment.sha256


def _owner_key(row: ArchiveRecord) -> tuple[str, str]:
    if row.document_id:
        return ("incomingdocument", str(row.document_id))
    return ("outgoingdocument", str(row.outgoing_id))


def _attachments_of(rows: Iterable[ArchiveRecord]) -> dict[tuple[str, str], list[Attachment]]:
    """The files of the archived items in `rows`, by (model, owner id)."""
    wanted: dict[str, list[str]] = {}
    for row in rows:
        model, owner = _owner_key(row)
        wanted.setdefault(model, []).append(owner)
    found: dict[tuple[str, str], list[Attachment]] = {}
    for model, owners in wanted.items():
        for attachment in Attachment.objects.filter(
            owner_type__app_label="documents", owner_type__model=model, owner_id__in=owners
        ):
            found.setdefault((model, attachment.owner_id), []).append(attachment)
    return found


def fixity_check(*, now: datetime | None = None, batch: int = 200) -> dict[str, int]:
    """Re-read every archived file and compare its SHA-256; report failures to supervisors."""
    now = now or timezone.now()
    checked = failed = 0
    last = 0
    while True:
        rows = list(ArchiveRecord.objects.filter(pk__gt=last).order_by("pk")[:batch])
        if not rows:
            break
        last = rows[-1].pk
        attachments = _attachments_of(rows)
        for row in rows:
            ok = all(_intact(a) for a in attachments.get(_owner_key(row), []))
            checked += 1
            with transaction.atomic():
                ArchiveRecord.objects.filter(pk=row.pk).update(fixity_checked_at=now, fixity_ok=ok)
                if not ok:
                    failed += 1
                    item = row.document or row.outgoing
                    record(actor=None, action="documents.fixity_failed", obj=item)
                    notify(
                        recipients=User.objects.with_role(Role.SUPERVISOR),
                        title=_("Archive integrity check failed: %(number)s")
                        % {"number": row.archive_number},
                        kind="documents.fixity",
                    )
    return {"checked": checked, "failed": failed}


def our_name() -> str:
    """责任者 of our own documents: settings.DOCUMENTS_ISSUER_NAME, else the top department."""
    top = Department.objects.filter(parent=None).order_by("pk").values_list("name", flat=True)
    return config("ISSUER_NAME", "") or top.first() or ""


def _catalogue_fields(row: ArchiveRecord, issuer: str) -> list[Any]:
    """文号, 责任者, 题名, 日期, 密级, 页数, 备注 of an archived incoming or outgoing item."""
    if row.document is not None:
        document: IncomingDocument = row.document
        date = document.doc_date or timezone.localdate(document.received_at)
        return [
            document.doc_number,
            document.issuer,
            document.subject,
            date.strftime("%Y%m%d"),
            document.secrecy_mark,
            document.pages,
            row.paper_location,
        ]
    outgoing = row.outgoing
    assert outgoing is not None  # exactly one of the two (a check constraint)
    date = timezone.localdate(outgoing.signed_at or outgoing.issued_at)
    return [
        outgoing.number,
        issuer,
        outgoing.title,
        f"{date:%Y%m%d}",
        outgoing.secrecy_mark,
        "",
        row.paper_location,
    ]


def catalogue_workbook(records: Iterable[ArchiveRecord]) -> Workbook:
    """归档文件目录 as an Excel workbook ready to print (A4 landscape, one page wide, the header
    repeated on every page; write-only; user text never becomes a formula)."""
    book = Workbook(write_only=True)
    columns = catalogue_columns()
    sheet = printable_sheet(book, _("Archive catalogue"), columns)
    issuer = our_name()
    for index, row in enumerate(records, start=1):
        fields = _catalogue_fields(row, issuer)
        sheet.append(safe_row(sheet, [index, row.archive_number, *fields], columns))
    return book
