"""Reading uploads (Excel, or a scanner's text list) with size and row limits.

An .xlsx is a zip of XML parts, so a small upload can unpack to hundreds of megabytes or hold
millions of tiny elements that a parser keeps in memory. Before openpyxl sees a workbook,
`check_workbook` bounds it: the parts' declared sizes and compression ratios, the bytes that
really inflate (declared sizes can lie), and a streaming scan of every worksheet that refuses at
once a sheet declaring or holding more rows than the caller accepts, or a structure no import
needs. Only then is the first sheet read, in openpyxl's read-only streaming mode, stopping at
the row limit.
"""

import csv
import io
import re
import zipfile
from typing import IO, Any

from defusedxml.ElementTree import iterparse
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from zhongshu.core.errors import ServiceError

MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 100_000
XLSX_MAGIC = b"PK\x03\x04"
# What a workbook may unpack to: all parts together, any part but a worksheet (shared strings,
# styles ... which openpyxl reads whole), and the unpacked/packed ratio of any part past 1 MB.
MAX_UNPACKED = 64 * 1024 * 1024
MAX_PART = 8 * 1024 * 1024
MAX_RATIO = 100
RATIO_FROM = 1024 * 1024
MAX_PARTS = 1000
INFLATE_BLOCK = 64 * 1024
# Worksheet structure: Excel's own column limit, and elements outside the rows (column widths,
# merged cells, views ...) that openpyxl turns into objects.
MAX_COLUMNS = 16_384
MAX_READ_COLUMNS = 256
MAX_SHEET_ELEMENTS = 50_000
MAX_ROW_ELEMENTS = 8 * MAX_COLUMNS
WORKSHEET = re.compile(r"^xl/worksheets/[^/]+\.xml$")
DIMENSION_END = re.compile(r"[A-Za-z]*([0-9]{1,9})")
MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


class BadRows(ServiceError):
    """Some rows are wrong; `rows` names each with its reasons, and nothing was changed."""

    def __init__(self, detail: object, rows: list[dict[str, Any]]) -> None:
        super().__init__(detail, code="bad_rows")
        self.rows = rows


def _chosen(upload: UploadedFile | None) -> UploadedFile:
    if upload is None:
        raise ServiceError(_("Choose a file."), field="file")
    return upload


def _payload(upload: UploadedFile) -> bytes:
    if (upload.size or 0) > MAX_BYTES:
        raise ServiceError(_("The file is too large."), code="file_too_large", field="file")
    upload.seek(0)
    return upload.read()


def _unreadable() -> ServiceError:
    return ServiceError(_("The workbook cannot be read."), code="not_excel", field="file")


def _too_large() -> ServiceError:
    return ServiceError(
        _("The workbook unpacks to more than %(mb)d MB. Split it into smaller files.")
        % {"mb": MAX_UNPACKED // (1024 * 1024)},
        code="file_too_large",
        field="file",
    )


def _too_many_rows(max_rows: int) -> ServiceError:
    return ServiceError(
        _("The file has more than %(n)d rows.") % {"n": max_rows}, code="too_many_rows"
    )


def is_xlsx(upload: UploadedFile, payload: bytes) -> bool:
    return (upload.name or "").lower().endswith(".xlsx") and payload.startswith(XLSX_MAGIC)


def _check_part(name: str, unpacked: int, packed: int) -> None:
    """One part's size: refused past the part limit (worksheets excepted) or the ratio."""
    if unpacked > MAX_PART and not WORKSHEET.match(name):
        raise _too_large()
    if unpacked > RATIO_FROM and unpacked > MAX_RATIO * max(packed, 1):
        raise _too_large()


def _scan_worksheet(source: IO[bytes], max_rows: int) -> None:
    """Stream one worksheet's XML with flat memory: refuse at once a declared or actual row
    count past `max_rows` (plus the header), a row of more cells than Excel allows, or more
    elements outside the rows than any real sheet has."""
    limit = max_rows + 1
    stack: list[Any] = []
    outside = rows = in_row = 0
    for event, element in iterparse(source, events=("start", "end"), forbid_dtd=True):
        if event == "start":
            stack.append(element)
            depth = len(stack)
            in_data = depth > 2 and stack[1].tag == f"{MAIN_NS}sheetData"
            if not in_data:
                outside += 1
                if outside > MAX_SHEET_ELEMENTS:
                    raise _unreadable()
            elif depth == 3:
                rows += 1
                number = element.get("r", "")
                if rows > limit or (number.isdigit() and int(number) > limit):
                    raise _too_many_rows(max_rows)
                in_row = 0
            else:
                in_row += 1
                if in_row > MAX_ROW_ELEMENTS:
                    raise _unreadable()
            if element.tag == f"{MAIN_NS}dimension" and depth == 2:
                _check_dimension(element.get("ref", ""), max_rows)
            continue
        stack.pop()
        # Drop every finished child of the root and every finished row, so the tree the
        # parser builds never grows with the sheet.
        if len(stack) == 1 or (len(stack) == 2 and stack[1].tag == f"{MAIN_NS}sheetData"):
            element.clear()
            stack[-1].remove(element)


def _check_dimension(ref: str, max_rows: int) -> None:
    """The sheet's declared used range (`A1:N20001`), checked before any row is read."""
    last = DIMENSION_END.fullmatch(ref.split(":")[-1].replace("$", ""))
    if last is not None and int(last.group(1)) > max_rows + 1:
        raise _too_many_rows(max_rows)


def check_workbook(payload: bytes, *, max_rows: int = MAX_ROWS) -> None:
    """Refuse a workbook that would cost more to open than any import needs (see the module)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(payload))
    except (zipfile.BadZipFile, ValueError):
        raise _unreadable() from None
    with archive:
        parts = archive.infolist()
        if len(parts) > MAX_PARTS:
            raise _unreadable()
        if sum(part.file_size for part in parts) > MAX_UNPACKED:
            raise _too_large()
        for part in parts:
            _check_part(part.filename, part.file_size, part.compress_size)
        inflated = 0
        try:
            for part in parts:
                size = 0
                with archive.open(part) as source:
                    while block := source.read(INFLATE_BLOCK):
                        size += len(block)
                        inflated += len(block)
                        if inflated > MAX_UNPACKED:
                            raise _too_large()
                _check_part(part.filename, size, part.compress_size)
            for part in parts:
                if WORKSHEET.match(part.filename):
                    with archive.open(part) as source:
                        _scan_worksheet(source, max_rows)
        except ServiceError:
            raise
        except Exception:
            # A bad CRC, an unknown compression, a password, XML that does not parse or
            # declares entities: nothing a spreadsheet program writes.
            raise _unreadable() from None


def _trimmed(values: tuple[Any, ...]) -> tuple[Any, ...]:
    end = len(values)
    while end and values[end - 1] is None:
        end -= 1
    return values[:end]


def read_xlsx(
    upload: UploadedFile | None, *, max_rows: int = MAX_ROWS
) -> list[tuple[int, tuple[Any, ...]]]:
    """(row number, values) of the first sheet's rows, header included; refuses non-Excel.

    Values stop at the last filled cell of each row, among the first `MAX_READ_COLUMNS`.
    """
    upload = _chosen(upload)
    payload = _payload(upload)
    if not is_xlsx(upload, payload):
        raise ServiceError(
            _("The file is not an Excel (.xlsx) workbook."), code="not_excel", field="file"
        )
    check_workbook(payload, max_rows=max_rows)
    try:
        workbook = load_workbook(io.BytesIO(payload), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        # The declared range was checked; the rows themselves decide what is read. One row past
        # the limit is enough to refuse the file.
        sheet.reset_dimensions()
        values = sheet.iter_rows(max_row=max_rows + 2, max_col=MAX_READ_COLUMNS, values_only=True)
        rows = [(number, _trimmed(row)) for number, row in enumerate(values, start=1)]
        workbook.close()
    except Exception:
        raise _unreadable() from None
    if len(rows) > max_rows + 1:
        raise _too_many_rows(max_rows)
    return rows


def read_rows(
    upload: UploadedFile | None, *, max_rows: int = MAX_ROWS
) -> list[tuple[int, tuple[Any, ...]]]:
    """Rows of an Excel workbook or of a UTF-8/GB18030 text or CSV list."""
    upload = _chosen(upload)
    payload = _payload(upload)
    if is_xlsx(upload, payload):
        upload.seek(0)
        return read_xlsx(upload, max_rows=max_rows)
    if b"\x00" in payload:
        raise ServiceError(
            _("Upload an Excel workbook or a text list."), code="bad_file", field="file"
        )
    try:
        text = payload.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = payload.decode("gb18030", errors="replace")
    rows = [(n, tuple(row)) for n, row in enumerate(csv.reader(io.StringIO(text)), start=1)]
    if len(rows) > max_rows:
        raise _too_many_rows(max_rows)
    return rows
