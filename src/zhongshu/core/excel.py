"""Excel exports: print-ready sheets whose cells never turn user text into formulas.

openpyxl treats any string starting with "=" as a formula. Cells built here store such text as
a plain string cell, so `=cmd|' /C calc'!A0` shows as that text in Excel and reads back the same
on import; numbers, dates and Decimals stay typed values. Control characters that XML cannot
carry (a title typed as "盘点\\x02") are dropped, so one bad title never breaks an export.

Every sheet a person may print is made by `printable_sheet`: column widths, number and date
formats, A4 landscape fitted to one page wide, the header row repeated on every page and frozen
on screen — the same in Excel, WPS and LibreOffice.
"""

import datetime
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.workbook import Workbook
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.properties import PageSetupProperties

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# Characters XML 1.0 cannot carry (tab, line feed and carriage return it can).
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

MONEY = "#,##0.00"
INTEGER = "0"
DATE = "yyyy-mm-dd"
DATETIME = "yyyy-mm-dd hh:mm"
HEADER_FILL = PatternFill("solid", fgColor="E9EEF5")


@dataclass(frozen=True)
class Column:
    """One column of an export: its header, width in characters and number format."""

    header: str
    width: float = 14
    number_format: str | None = None


def looks_like_formula(value: object) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_TRIGGERS)


def clean_text(value: str) -> str:
    return CONTROL.sub("", value)


def safe_cell(sheet: WriteOnlyWorksheet, value: Any, number_format: str | None = None):
    """A write-only cell for `sheet` holding `value`, text-typed when it looks like a formula."""
    if isinstance(value, str):
        value = clean_text(value)
    cell = WriteOnlyCell(sheet, value=value)
    if looks_like_formula(value):
        cell.data_type = "s"
    elif number_format is not None and isinstance(
        value, int | float | Decimal | datetime.date | datetime.datetime
    ):
        cell.number_format = number_format
    elif isinstance(value, datetime.datetime):
        cell.number_format = DATETIME
    elif isinstance(value, datetime.date):
        cell.number_format = DATE
    return cell


def safe_row(sheet: WriteOnlyWorksheet, values: Iterable[Any], columns: Sequence[Column] = ()):
    """The cells of one row; `columns` (when given) supply each value's number format."""
    formats = [column.number_format for column in columns]
    return [
        safe_cell(sheet, value, formats[index] if index < len(formats) else None)
        for index, value in enumerate(values)
    ]


def set_safe_value(cell, value: Any) -> None:
    """For normal (not write-only) worksheets: assign, keeping formula-looking text as text."""
    cell.value = clean_text(value) if isinstance(value, str) else value
    if looks_like_formula(value):
        cell.data_type = "s"


def printable_sheet(
    workbook: Workbook, title: str, columns: Sequence[Column], *, header: bool = True
) -> WriteOnlyWorksheet:
    """A new write-only sheet set up for print, its header row already written when `header`.

    Must be called before any row is appended (write-only sheets take their layout first).
    """
    sheet = workbook.create_sheet(title=clean_text(title)[:31] or "Sheet")
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = "9"  # A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.print_options.gridLines = True
    if header:
        sheet.freeze_panes = "A2"
        sheet.print_title_rows = "1:1"
        sheet.append(header_row(sheet, columns))
    return sheet


def header_row(sheet: WriteOnlyWorksheet, columns: Sequence[Column]) -> list:
    cells = []
    for column in columns:
        cell = WriteOnlyCell(sheet, value=clean_text(str(column.header)))
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(vertical="center", wrap_text=True)
        cells.append(cell)
    return cells
