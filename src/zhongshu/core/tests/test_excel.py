import io
from decimal import Decimal

from openpyxl import Workbook, load_workbook

from zhongshu.core.excel import safe_row


def test_formula_looking_text_is_stored_as_text_and_numbers_stay_numbers():
    book = Workbook(write_only=True)
    sheet = book.create_sheet("台账")
    sheet.append(
        safe_row(sheet, ["=cmd|' /C calc'!A0", "+1", "@SUM(A1)", "办公桌", 12, Decimal("3.50")])
    )
    buffer = io.BytesIO()
    book.save(buffer)

    row = next(load_workbook(io.BytesIO(buffer.getvalue())).active.iter_rows())
    assert [cell.data_type for cell in row[:4]] == ["s", "s", "s", "s"]
    assert row[0].value == "=cmd|' /C calc'!A0"
    assert row[4].value == 12 and row[4].data_type == "n"
    assert row[5].value == 3.5


def test_printable_sheet_is_laid_out_for_print_and_drops_control_characters():
    import datetime

    from zhongshu.core.excel import DATE, MONEY, Column, printable_sheet

    columns = [Column("资产编号", 16), Column("购置日期", 12, DATE), Column("原值", 12, MONEY)]
    book = Workbook(write_only=True)
    sheet = printable_sheet(book, "盘点\x02报告", columns)
    sheet.append(safe_row(sheet, ["ZC-2026-000123\x02", datetime.date(2026, 3, 1), 4999], columns))
    buffer = io.BytesIO()
    book.save(buffer)

    read = load_workbook(io.BytesIO(buffer.getvalue()))
    ws = read.active
    assert ws.title == "盘点报告"
    assert ws.column_dimensions["A"].width == 16
    assert ws.page_setup.orientation == "landscape"
    assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_title_rows == "$1:$1"
    assert ws.freeze_panes == "A2"
    header, row = list(ws.iter_rows())
    assert header[0].font.bold
    assert row[0].value == "ZC-2026-000123"
    assert row[1].number_format == DATE
    assert row[2].number_format == MONEY


def test_streamed_table_reads_back_typed_and_print_ready():
    import datetime

    from zhongshu.core.excel import DATE, MONEY, Column
    from zhongshu.core.xlsx import write_table

    columns = [Column("编号", 18), Column("日期", 12, DATE), Column("原值", 12, MONEY)]
    rows = [["=1+1", datetime.date(2026, 1, 2), Decimal("12345.60")], ["坏\x07字", None, 3]]
    buffer = io.BytesIO()
    write_table(buffer, title="2026-11 台账", columns=columns, rows=rows)

    ws = load_workbook(io.BytesIO(buffer.getvalue())).active
    assert ws.column_dimensions["A"].width == 18
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1
    assert ws.print_title_rows == "$1:$1"
    data = list(ws.iter_rows(values_only=False))
    assert [cell.value for cell in data[0]] == ["编号", "日期", "原值"]
    assert data[1][0].value == "=1+1" and data[1][0].data_type == "s"
    assert data[1][1].value == datetime.datetime(2026, 1, 2) and data[1][1].number_format == DATE
    assert data[1][2].value == 12345.6 and data[1][2].number_format == MONEY
    assert data[2][0].value == "坏字"
