"""What an attacker or a careless user tried against the assets module, and must keep failing."""

import io
import struct
import tracemalloc
import zipfile
from collections.abc import Iterable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from zhongshu.assets.services import excel_io
from zhongshu.core.errors import ServiceError

SHEET = "xl/worksheets/sheet1.xml"
SHEET_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
)


def workbook_with_sheet(sheet_parts: Iterable[bytes], *, level: int = 6) -> bytes:
    """A real one-sheet workbook whose worksheet XML is replaced by `sheet_parts`, streamed
    into the zip so that a bomb is never held whole in memory."""
    original = io.BytesIO()
    Workbook().save(original)
    result = io.BytesIO()
    with (
        zipfile.ZipFile(original) as source,
        zipfile.ZipFile(result, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as target,
    ):
        for name in source.namelist():
            if name != SHEET:
                target.writestr(name, source.read(name))
        with target.open(SHEET, "w") as sheet:
            for part in sheet_parts:
                sheet.write(part)
    return result.getvalue()


def sheet_of(rows: Iterable[bytes], *, before: bytes = b"", after: bytes = b"") -> list[bytes]:
    return [SHEET_HEAD, before, b"<sheetData>", *rows, b"</sheetData>", after, b"</worksheet>"]


def upload(payload: bytes, name: str = "ledger.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, payload)


def peak_while(call) -> tuple[int, object]:
    """Peak Python memory (bytes) allocated while `call` runs, and what it raised or returned."""
    tracemalloc.start()
    tracemalloc.reset_peak()
    try:
        outcome = call()
    except Exception as error:
        outcome = error
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak, outcome


def repeated(block: bytes, total: int) -> Iterable[bytes]:
    chunk = block * (1024 * 1024 // len(block))
    for _ in range(total // len(chunk)):
        yield chunk


# --- Excel import bombs (issue 11, finding 2) ------------------------------------------------


def test_a_workbook_unpacking_to_128_mb_is_refused_before_it_is_inflated():
    payload = workbook_with_sheet(sheet_of(repeated(b"<row/>", 128 * 1024 * 1024)), level=9)
    assert len(payload) < 1024 * 1024
    peak, outcome = peak_while(lambda: excel_io.read_xlsx(upload(payload)))
    assert isinstance(outcome, ServiceError)
    assert outcome.code == "file_too_large"
    assert "MB" in str(outcome.detail)
    assert peak < 8 * 1024 * 1024 + len(payload)


def _lie_about_size(payload: bytes, name: str, size: int) -> bytes:
    """Rewrite the uncompressed size of `name` in its local header and central directory."""
    data = bytearray(payload)
    encoded = name.encode()
    local = data.find(b"PK\x03\x04")
    while local != -1:
        name_length = struct.unpack_from("<H", data, local + 26)[0]
        if data[local + 30 : local + 30 + name_length] == encoded:
            struct.pack_into("<I", data, local + 22, size)
            break
        local = data.find(b"PK\x03\x04", local + 4)
    central = data.find(b"PK\x01\x02")
    while central != -1:
        name_length = struct.unpack_from("<H", data, central + 28)[0]
        if data[central + 46 : central + 46 + name_length] == encoded:
            struct.pack_into("<I", data, central + 24, size)
            break
        central = data.find(b"PK\x01\x02", central + 4)
    return bytes(data)


def test_a_bomb_whose_declared_sizes_lie_is_refused_with_flat_memory():
    honest = workbook_with_sheet(sheet_of(repeated(b"<row/>", 96 * 1024 * 1024)), level=9)
    payload = _lie_about_size(honest, SHEET, 4096)
    assert zipfile.ZipFile(io.BytesIO(payload)).getinfo(SHEET).file_size == 4096
    peak, outcome = peak_while(lambda: excel_io.read_xlsx(upload(payload)))
    assert isinstance(outcome, ServiceError)
    assert outcome.code in {"not_excel", "file_too_large"}
    assert peak < 8 * 1024 * 1024 + len(payload)


def test_a_sheet_declaring_a_million_rows_is_refused_before_any_row_is_read(monkeypatch):
    payload = workbook_with_sheet(
        sheet_of(
            [b'<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row>'],
            before=b'<dimension ref="A1:N1048576"/>',
        )
    )

    def never(*args, **kwargs):
        raise AssertionError("the workbook was opened")

    monkeypatch.setattr(excel_io, "load_workbook", never)
    with pytest.raises(ServiceError) as refused:
        excel_io.read_xlsx(upload(payload), max_rows=20_000)
    assert refused.value.code == "too_many_rows"
    assert "20000" in str(refused.value.detail)


def test_a_million_undeclared_rows_stop_at_the_row_limit_at_once(monkeypatch):
    rows = (
        b"".join(
            b'<row r="%d"><c r="A%d"><v>%d</v></c></row>' % (n, n, n)
            for n in range(start, start + 10_000)
        )
        for start in range(1, 1_048_577, 10_000)
    )
    payload = workbook_with_sheet(sheet_of(rows), level=1)
    events = {"rows": 0}
    real = excel_io.iterparse

    def counting(*args, **kwargs):
        for event, element in real(*args, **kwargs):
            if event == "start" and element.tag.endswith("}row"):
                events["rows"] += 1
            yield event, element

    monkeypatch.setattr(excel_io, "iterparse", counting)
    peak, outcome = peak_while(lambda: excel_io.read_rows(upload(payload), max_rows=1000))
    assert isinstance(outcome, ServiceError)
    assert outcome.code == "too_many_rows"
    assert events["rows"] == 1002
    assert peak < 16 * 1024 * 1024 + len(payload)


def test_cells_in_the_last_column_do_not_widen_every_row():
    """openpyxl pads a row to its last cell: 3,000 rows with a cell in column XFD would be
    3,000 lists of 16,384 values (400 MB)."""
    rows = (
        b"".join(
            b'<row r="%d"><c r="A%d"><v>%d</v></c><c r="XFD%d"><v>1</v></c></row>' % (n, n, n, n)
            for n in range(start, start + 1000)
        )
        for start in range(1, 3_001, 1000)
    )
    payload = workbook_with_sheet(sheet_of(rows))
    peak, outcome = peak_while(lambda: excel_io.read_xlsx(upload(payload), max_rows=3_000))
    assert isinstance(outcome, list), outcome
    assert len(outcome) == 3_000
    assert outcome[41] == (42, (42,))
    assert peak < 32 * 1024 * 1024


def test_a_sheet_of_a_hundred_thousand_merged_ranges_is_refused():
    merged = b"".join(b'<mergeCell ref="A%d:B%d"/>' % (n, n) for n in range(1, 100_001))
    payload = workbook_with_sheet(
        sheet_of([b"<row r='1'/>"], after=b"<mergeCells>" + merged + b"</mergeCells>")
    )
    with pytest.raises(ServiceError) as refused:
        excel_io.read_xlsx(upload(payload))
    assert refused.value.code == "not_excel"


def test_a_sheet_declaring_entities_is_refused():
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b"<sheetData><row><c t='inlineStr'><is><t>&b;</t></is></c></row></sheetData></worksheet>"
    )
    with pytest.raises(ServiceError) as refused:
        excel_io.read_xlsx(upload(workbook_with_sheet([laughs])))
    assert refused.value.code == "not_excel"


def test_a_shared_strings_part_past_its_limit_is_refused():
    original = io.BytesIO()
    Workbook().save(original)
    result = io.BytesIO()
    with (
        zipfile.ZipFile(original) as source,
        zipfile.ZipFile(result, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for name in source.namelist():
            target.writestr(name, source.read(name))
        with target.open("xl/sharedStrings.xml", "w") as strings:
            for n in range(400_000):
                strings.write(b"<si><t>%08x-%d</t></si>" % (n * 2654435761 % 2**32, n))
    with pytest.raises(ServiceError) as refused:
        excel_io.read_xlsx(upload(result.getvalue()))
    assert refused.value.code == "file_too_large"


def test_an_ordinary_workbook_still_reads_row_by_row():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["编号", "名称"])
    sheet.append(["ZC-2026-000001", "笔记本电脑"])
    sheet.append([None, None])
    sheet.append(["ZC-2026-000002", None])
    buffer = io.BytesIO()
    workbook.save(buffer)
    rows = excel_io.read_xlsx(upload(buffer.getvalue()))
    assert rows == [
        (1, ("编号", "名称")),
        (2, ("ZC-2026-000001", "笔记本电脑")),
        (3, ()),
        (4, ("ZC-2026-000002",)),
    ]


@pytest.mark.django_db
def test_the_stocktake_scan_list_refuses_a_bomb(logistics, make_asset):
    from zhongshu.assets.services import stocktake_create, stocktake_upload

    asset = make_asset()
    stocktake = stocktake_create(title="年度盘点", asset_ids=[asset.pk], by=logistics)
    payload = workbook_with_sheet(sheet_of(repeated(b"<row/>", 128 * 1024 * 1024)), level=9)
    with pytest.raises(ServiceError) as refused:
        stocktake_upload(stocktake=stocktake, upload=upload(payload, "scans.xlsx"), by=logistics)
    assert refused.value.code == "file_too_large"
