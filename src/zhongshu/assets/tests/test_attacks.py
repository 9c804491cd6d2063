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


# --- Custody races and the disposal freeze (issue 11, finding 11) ----------------------------


@pytest.mark.django_db
def test_assigning_an_assigned_asset_answers_409_unless_it_is_a_reassignment(
    make_asset, logistics, employee, driver
):
    from zhongshu.assets.models import AssetEvent
    from zhongshu.assets.services import asset_assign
    from zhongshu.core.errors import Conflict

    asset = asset_assign(asset=make_asset(), custodian=employee, by=logistics)
    with pytest.raises(Conflict) as refused:
        asset_assign(asset=asset, custodian=driver, by=logistics)
    assert refused.value.code == "already_assigned"
    assert employee.display_name in str(refused.value.detail)
    asset.refresh_from_db()
    assert asset.custodian == employee

    asset_assign(asset=asset, custodian=driver, reassign=True, by=logistics)
    asset.refresh_from_db()
    assert asset.custodian == driver
    event = asset.events.filter(kind=AssetEvent.Kind.ASSIGNED).order_by("-id").first()
    assert event.data == {"custodian": driver.display_name, "previous": employee.display_name}


@pytest.mark.django_db
def test_the_api_takes_reassign_as_a_field(make_asset, logistics, employee, driver, api_client_for):
    from zhongshu.assets.services import asset_assign

    asset = asset_assign(asset=make_asset(), custodian=employee, by=logistics)
    client = api_client_for(logistics)
    url = f"/api/v1/assets/{asset.pk}/assign/"
    refused = client.post(url, {"custodian": driver.pk}, format="json")
    assert refused.status_code == 409
    assert refused.json()["code"] == "already_assigned"
    bad = client.post(url, {"custodian": driver.pk, "reassign": "maybe"}, format="json")
    assert bad.status_code == 400
    assert bad.json()["code"] == "invalid"
    moved = client.post(url, {"custodian": driver.pk, "reassign": True}, format="json")
    assert moved.status_code == 200, moved.content
    asset.refresh_from_db()
    assert asset.custodian == driver


@pytest.mark.django_db
def test_the_web_form_reassigns_only_with_its_checkbox(make_asset, logistics, employee, driver):
    from django.test import Client

    from zhongshu.assets.services import asset_assign

    asset = asset_assign(asset=make_asset(), custodian=employee, by=logistics)
    client = Client()
    client.force_login(logistics)
    url = f"/assets/{asset.pk}/assign/"
    page = client.post(url, {"custodian": driver.pk}, follow=True)
    assert employee.display_name in page.content.decode()
    asset.refresh_from_db()
    assert asset.custodian == employee
    form = client.get(url).content.decode()
    assert 'name="reassign"' in form
    client.post(url, {"custodian": driver.pk, "reassign": "on"})
    asset.refresh_from_db()
    assert asset.custodian == driver


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_twenty_concurrent_assigns_of_one_asset_give_exactly_one_holder(
    make_asset, logistics, make_user
):
    import threading

    from django.db import connections

    from zhongshu.assets.models import Asset
    from zhongshu.assets.services import asset_assign
    from zhongshu.core.errors import Conflict

    asset = make_asset()
    people = [make_user(f"holder{n}", "employee") for n in range(20)]
    barrier = threading.Barrier(len(people))
    outcomes: list[str] = []
    lock = threading.Lock()

    def attempt(person):
        try:
            barrier.wait()
            asset_assign(asset=asset, custodian=person, by=logistics)
            result = "assigned"
        except Conflict as error:
            result = error.code
        except Exception as error:
            result = repr(error)
        finally:
            connections.close_all()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=attempt, args=(person,)) for person in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count("assigned") == 1, outcomes
    assert outcomes.count("already_assigned") == 19, outcomes
    holder = Asset.objects.get(pk=asset.pk).custodian
    assert holder in people
    assert asset.events.filter(kind="assigned").count() == 1


@pytest.mark.django_db
def test_a_pending_disposal_freezes_the_asset(make_asset, logistics, employee, company, supervisor):
    from zhongshu.assets.services import asset_assign, asset_dispose, asset_transfer
    from zhongshu.assets.services.maintenance import repair_open
    from zhongshu.core.errors import Conflict

    asset = make_asset()
    asset_dispose(asset=asset, kind="scrap", reason="损坏", by=logistics)
    for attempt in (
        lambda: asset_assign(asset=asset, custodian=employee, by=logistics),
        lambda: asset_transfer(asset=asset, to_department=company["sales"], by=logistics),
        lambda: repair_open(asset=asset, fault="屏幕碎裂", by=logistics),
    ):
        with pytest.raises(Conflict) as refused:
            attempt()
        assert refused.value.code == "disposal_pending"
    asset.refresh_from_db()
    assert asset.custodian is None and asset.status == "idle"
    assert not asset.repairs.exists() and not asset.transfers.exists()


@pytest.mark.django_db
def test_a_transfer_asked_before_the_disposal_cannot_be_acknowledged_while_it_is_pending(
    make_asset, logistics, dept_head, company, supervisor
):
    from zhongshu.assets.services import asset_dispose, asset_transfer, transfer_acknowledge
    from zhongshu.core.errors import Conflict

    asset = make_asset()
    transfer = asset_transfer(asset=asset, to_department=company["sales"], by=logistics)
    asset_dispose(asset=asset, kind="scrap", reason="损坏", by=logistics)
    with pytest.raises(Conflict) as refused:
        transfer_acknowledge(transfer=transfer, by=dept_head)
    assert refused.value.code == "disposal_pending"
    asset.refresh_from_db()
    assert asset.department == company["admin"]


@pytest.mark.django_db
def test_a_disposal_cannot_be_approved_while_a_repair_is_open(make_asset, logistics, supervisor):
    from zhongshu.assets.models import AssetStatus, DisposalStatus
    from zhongshu.assets.services import asset_dispose
    from zhongshu.assets.services.maintenance import repair_close, repair_open
    from zhongshu.core.errors import Conflict
    from zhongshu.workflow.services import approval_decide

    asset = make_asset()
    repair = repair_open(asset=asset, fault="无法开机", by=logistics)
    disposal = asset_dispose(asset=asset, kind="scrap", reason="修不好", by=logistics)
    task = disposal.approval.tasks.get(assignee=supervisor)
    with pytest.raises(Conflict) as refused:
        approval_decide(task=task, decision="approve", by=supervisor)
    assert refused.value.code == "repair_open"
    disposal.refresh_from_db()
    asset.refresh_from_db()
    assert disposal.status == DisposalStatus.PENDING
    assert asset.status == AssetStatus.UNDER_REPAIR

    repair_close(repair=repair, result="无法修复", by=logistics)
    approval_decide(task=task, decision="approve", by=supervisor)
    asset.refresh_from_db()
    assert asset.status == AssetStatus.DISPOSED


# --- Numbers too large for the database on the pages (issue 11, finding 10) -------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/assets/?category=99999999999999999999",
        "/assets/?location=99999999999999999999&custodian=99999999999999999999",
        "/assets/inspections/?plan=99999999999999999999",
        "/assets/idle/?days=99999999999999",
    ],
)
def test_list_pages_take_ids_too_large_for_the_database(logistics, make_asset, url):
    from django.test import Client

    make_asset()
    client = Client(raise_request_exception=False)
    client.force_login(logistics)
    assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_the_scan_page_takes_a_location_too_large_for_the_database(logistics, make_asset):
    from django.test import Client

    from zhongshu.assets.services import stocktake_create

    stocktake = stocktake_create(title="盘点", asset_ids=[make_asset().pk], by=logistics)
    client = Client(raise_request_exception=False)
    client.force_login(logistics)
    page = client.get(f"/assets/stocktakes/{stocktake.pk}/scan/?location=99999999999999999999")
    assert page.status_code == 200


# --- Every export is ready to print (issue 11, finding 21) -----------------------------------


def assert_printable(sheet, widths: dict[str, float], *, titles: bool = True) -> None:
    """Widths, A4 landscape fitted to one page wide, and (for tables) the header on every page."""
    for letter, width in widths.items():
        assert sheet.column_dimensions[letter].width == width, letter
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.page_setup.paperSize in (9, "9")
    assert sheet.page_setup.fitToWidth in (1, "1")
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    if titles:
        assert sheet.print_title_rows == "$1:$1"
        assert sheet.freeze_panes == "A2"


@pytest.mark.django_db
def test_the_ledger_export_and_template_are_print_ready(logistics, make_asset):
    import datetime
    from decimal import Decimal

    from openpyxl import load_workbook

    from zhongshu.assets.models import Asset
    from zhongshu.assets.services import ledger_excel
    from zhongshu.core.excel import DATE, MONEY

    asset = make_asset(
        purchase_date=datetime.date(2026, 2, 3),
        warranty_until=datetime.date(2029, 2, 2),
        price=Decimal("12345.60"),
    )
    for handle in (
        ledger_excel.ledger_export(assets=Asset.objects.all(), by=logistics),
        ledger_excel.template_file(),
    ):
        sheet = load_workbook(handle).active
        assert_printable(sheet, {"A": 17, "B": 24, "F": 12, "G": 14, "N": 30})
        assert sheet.column_dimensions["A"].width >= len(asset.number) + 2
        assert sheet.cell(row=1, column=1).font.b
        row = 2
        assert sheet.cell(row=row, column=6).number_format == DATE
        assert sheet.cell(row=row, column=7).number_format == MONEY
        assert sheet.cell(row=row, column=9).number_format == DATE
    exported = load_workbook(ledger_excel.ledger_export(assets=Asset.objects.all(), by=logistics))
    assert exported.active.cell(row=2, column=7).value == pytest.approx(12345.6)


@pytest.mark.django_db
def test_the_monthly_snapshot_diff_is_print_ready(logistics, make_asset):
    import datetime

    from django.utils import timezone
    from openpyxl import load_workbook

    from zhongshu.assets.services import snapshots

    make_asset(name="椅子")
    today = timezone.localdate()
    snapshots.ledger_snapshot_take(month=today.replace(day=1) - datetime.timedelta(days=1))
    make_asset(name="投影仪")
    current = snapshots.ledger_snapshot_take(by=logistics)
    sheet = load_workbook(snapshots.diff_export(snapshot=current, by=logistics)).active
    assert_printable(sheet, {"A": 10, "B": 17, "C": 24, "E": 28, "F": 28})
    assert [cell.value for cell in sheet[1]][:2] == ["变更", "资产编号"]


@pytest.mark.django_db
def test_the_stocktake_report_is_print_ready_and_counts_assets(logistics, make_asset):
    from openpyxl import load_workbook

    from zhongshu.assets.services import stocktake_create, stocktake_reconcile, stocktake_scan
    from zhongshu.assets.services.reports import stocktake_report
    from zhongshu.core.excel import INTEGER

    found, missing = make_asset(), make_asset(name="投影仪")
    stocktake = stocktake_create(
        title="年度盘点\u0002", asset_ids=[found.pk, missing.pk], by=logistics
    )
    stocktake_scan(stocktake=stocktake, code=found.number, by=logistics)
    stocktake_reconcile(stocktake=stocktake, by=logistics)
    workbook = load_workbook(stocktake_report(stocktake=stocktake, by=logistics))
    summary, lines = workbook.worksheets
    assert_printable(summary, {"A": 18, "B": 18, "C": 40}, titles=False)
    rows = list(summary.iter_rows(values_only=True))
    assert rows[0][2] == "年度盘点"
    assert rows[2][:2] == ("结果", "资产数")
    counted = [row for row in summary.iter_rows(min_row=4) if row[1].value]
    assert counted and all(row[1].number_format == INTEGER for row in counted)
    assert_printable(lines, {"A": 17, "B": 24, "D": 24, "H": 30})
    assert lines.max_row == 3
