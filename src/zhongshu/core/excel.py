"""Excel exports that never turn user text into formulas (CSV/formula injection).

openpyxl treats any string starting with "=" as a formula. Cells built here store such text as
a plain string cell, so `=cmd|' /C calc'!A0` shows as that text in Excel and reads back the same
on import; numbers, dates and Decimals stay typed values.
"""

from openpyxl.cell import WriteOnlyCell

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def looks_like_formula(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_TRIGGERS)


def safe_cell(sheet, value):
    """A write-only cell for `sheet` holding `value`, text-typed when it looks like a formula."""
    cell = WriteOnlyCell(sheet, value=value)
    if looks_like_formula(value):
        cell.data_type = "s"
    return cell


def safe_row(sheet, values) -> list:
    return [safe_cell(sheet, value) for value in values]


def set_safe_value(cell, value) -> None:
    """For normal (not write-only) worksheets: assign, keeping formula-looking text as text."""
    cell.value = value
    if looks_like_formula(value):
        cell.data_type = "s"
