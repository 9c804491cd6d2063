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
