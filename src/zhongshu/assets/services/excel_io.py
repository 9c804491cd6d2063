"""Reading uploads (Excel, or a scanner's text list) with size and row limits."""

import csv
import io
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from zhongshu.core.errors import ServiceError

MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 100_000
XLSX_MAGIC = b"PK\x03\x04"


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


def is_xlsx(upload: UploadedFile, payload: bytes) -> bool:
    return (upload.name or "").lower().endswith(".xlsx") and payload.startswith(XLSX_MAGIC)


def read_xlsx(
    upload: UploadedFile | None, *, max_rows: int = MAX_ROWS
) -> list[tuple[int, tuple[Any, ...]]]:
    """(row number, values) of the first sheet's rows, header included; refuses non-Excel."""
    upload = _chosen(upload)
    payload = _payload(upload)
    if not is_xlsx(upload, payload):
        raise ServiceError(
            _("The file is not an Excel (.xlsx) workbook."), code="not_excel", field="file"
        )
    try:
        workbook = load_workbook(io.BytesIO(payload), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        rows = []
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            if number > max_rows + 1:
                raise ServiceError(
                    _("The file has more than %(n)d rows.") % {"n": max_rows}, code="too_many_rows"
                )
            rows.append((number, values))
        workbook.close()
    except ServiceError:
        raise
    except Exception:
        raise ServiceError(
            _("The workbook cannot be read."), code="not_excel", field="file"
        ) from None
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
        raise ServiceError(
            _("The file has more than %(n)d rows.") % {"n": max_rows}, code="too_many_rows"
        )
    return rows
