"""Spreadsheets as people have them: an Excel workbook (.xlsx) or a text file (CSV), as rows.

Pure (no Django). `read_table` reads an upload whose bytes say it is a workbook with openpyxl
(the first sheet, values as Excel stores them: no formulas are evaluated), and anything else
through the one text reader (`mentora.core.uploads`), so both give rows of text
numbered as the spreadsheet shows them (the first row is row 1). A cell becomes the text a
person would type for it: a whole number without ".0", a date as YYYY-MM-DD, a date and time
as YYYY-MM-DD HH:MM, TRUE and FALSE as yes and no. `write_xlsx` writes rows the other way.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime, time
from typing import Any

import openpyxl
from openpyxl.styles import Font

from mentora.core.cells import neutralise_text
from mentora.core.text import clean_text
from mentora.core.uploads import MAX_CELL, UploadError, decode_text, read_csv

WORKBOOK = b"PK\x03\x04"  # an .xlsx is a zip file
SAVE_AS = "CSV UTF-8 or an Excel workbook (.xlsx)"
# The most rows and columns read from a sheet: far beyond any enrolment, and a bound on what a
# small compressed file may unpack to.
MAX_ROWS = 200_000
MAX_COLUMNS = 200


def cell_text(value: Any) -> str:
    """A cell's value as the text a person would type into a CSV for it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, datetime):
        if value.time() == time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, date | time):
        return value.isoformat()
    return clean_text(str(value)).strip()


def read_xlsx(data: bytes, source: str) -> list[list[str]]:
    """The first sheet's rows as text, every row kept (empty ones too) so that a row's place
    in the list is its number in Excel; UploadError for a file that is not a readable workbook."""
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # a damaged zip or workbook raises any of a dozen types from openpyxl
        raise UploadError(
            source,
            "is not an Excel workbook that can be read (a damaged or password-protected file, "
            f"or another kind of zip); save it again as {SAVE_AS}",
        ) from None
    try:
        sheet = book.worksheets[0]
        rows: list[list[str]] = []
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            if number > MAX_ROWS:
                raise UploadError(source, f"has more than {MAX_ROWS:,} rows", row=number)
            # Not iter_rows(max_col=...): it pads every row to that width.
            row = [cell_text(value) for value in values[:MAX_COLUMNS]]
            while row and not row[-1]:
                row.pop()
            for column, cell in enumerate(row, start=1):
                if len(cell) > MAX_CELL:
                    raise UploadError(source, f"a cell of {len(cell):,} characters; a cell may "
                                      f"hold {MAX_CELL:,} at most", row=number, column=str(column))
            rows.append(row)
    except UploadError:
        raise
    except Exception:  # a sheet whose XML openpyxl cannot read
        raise UploadError(source, f"has a first sheet that cannot be read; save it again as "
                          f"{SAVE_AS}") from None
    finally:
        book.close()
    while rows and not rows[-1]:
        rows.pop()
    return rows


def is_workbook(data: bytes) -> bool:
    return data.startswith(WORKBOOK)


def read_table(data: bytes, source: str, warnings: list[str] | None = None) -> list[list[str]]:
    """Rows of text from an Excel workbook or a CSV file in any encoding (see the module)."""
    if is_workbook(data):
        return read_xlsx(data, source)
    return read_csv(decode_text(data, source, save_as=SAVE_AS, warnings=warnings), source)


def write_xlsx(sheets: Iterable[tuple[str, Sequence[Sequence[str]]]]) -> bytes:
    """A workbook of text sheets (title, rows), the first row of each in bold; cells that
    would run as formulas are written as text."""
    book = openpyxl.Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    for title, rows in sheets:
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append([neutralise_text(cell) for cell in row])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for column in sheet.columns:
            width = max(len(str(cell.value or "")) for cell in column)
            sheet.column_dimensions[column[0].column_letter].width = min(60, max(10, width + 2))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
