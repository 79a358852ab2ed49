"""Writers from the plain-data manuscript tables to CSV, XLSX (openpyxl) and DOCX (python-docx).

Each writer takes a path or an open file, so a web view can write into its response.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import IO, Any

import docx
import openpyxl
from docx.shared import Inches, Pt
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from mentora.core.cells import neutralise, neutralise_text
from mentora.core.text import clean_text
from mentora.evaluation.pure.figures import CaptionedFigure

from .tables import CellValue, ManuscriptTable

Target = str | Path | IO[Any]


def _text(value: CellValue) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return clean_text(str(value))


def _csv(value: CellValue) -> str:
    """A CSV cell: text that cannot run as a formula in a spreadsheet (mentora.core.cells)."""
    return neutralise_text(_text(value))


def _xlsx(value: CellValue) -> CellValue:
    """A cell as a worksheet holds it: text without the control characters XML refuses, never
    read as a formula (mentora.core.cells); numbers as they are."""
    return neutralise_text(clean_text(value)) if isinstance(value, str) else value


# A number as the tables print it: "12", "-0.53", "3.0", or a P value without its leading zero
# (".03"). Not "007", "1e5", "<.001" or "NA", which stay text.
_PRINTED = re.compile(r"(-?)(0|[1-9][0-9]*|)(?:\.([0-9]+))?")


def printed_number(text: str) -> tuple[int | float, str] | None:
    """A printed number as (value, the Excel number format that prints it the same), or None
    for text that is not one number: `".03"` gives `(0.03, ".00")`, `"12"` gives `(12, "0")`."""
    match = _PRINTED.fullmatch(text.strip())
    if match is None or not (match[2] or match[3]):
        return None
    sign, whole, decimals = match[1], match[2], match[3] or ""
    if not decimals:
        return int(sign + whole), "0"
    head = "0" if whole else ""
    return float(f"{sign}{whole or '0'}.{decimals}"), f"{head}.{'0' * len(decimals)}"


def _append_row(sheet: Any, cells: Sequence[CellValue]) -> None:
    """A body row: its first cell (the row's label) as text, every other printed number as a
    number in the format that prints it as the table does, so a spreadsheet can compute with
    it; anything else as `_xlsx` gives it."""
    formats: dict[int, str] = {}
    values: list[CellValue] = []
    for column, value in enumerate(cells, start=1):
        number = printed_number(value) if isinstance(value, str) and column > 1 else None
        if number is None:
            values.append(_xlsx(value))
        else:
            values.append(number[0])
            formats[column] = number[1]
    sheet.append(values)
    for column, number_format in formats.items():
        sheet.cell(row=sheet.max_row, column=column).number_format = number_format


def _no_formulas(book: Workbook) -> None:
    """Every cell openpyxl took for a formula (a text beginning with '=') is stored as text."""
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"


def _padded(cells: Sequence[CellValue], width: int) -> list[CellValue]:
    return list(cells) + [None] * (width - len(cells))


def write_records_csv(records: Iterable[Mapping[str, Any]], columns: Sequence[str],
                      stream: IO[str]) -> None:
    """Records (such as `PrePostRow.as_record()`) as CSV for R or Stata: one column per name,
    numbers as Python prints them, NaN as an empty cell, text never run as a formula."""
    writer = csv.DictWriter(stream, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for record in records:
        writer.writerow({
            name: "" if isinstance(value, float) and math.isnan(value) else neutralise(value)
            for name, value in record.items()
        })


def write_csv(table: ManuscriptTable, target: str | Path | IO[str], *, notes: bool = False) -> None:
    """Header and rows, rectangular for R or Stata; footnotes follow a blank line if `notes`."""
    if isinstance(target, str | Path):
        with open(target, "w", newline="", encoding="utf-8") as stream:
            write_csv(table, stream, notes=notes)
        return
    writer = csv.writer(target, lineterminator="\n")
    writer.writerow([_csv(label) for label in table.header])
    for row in table.rows:
        writer.writerow([_csv(v) for v in _padded(row.cells, len(table.header))])
    if notes and table.footnotes:
        writer.writerow([])
        for note in table.footnotes:
            writer.writerow([_csv(note)])


def _sheet_title(title: str, index: int) -> str:
    words = "".join(c for c in clean_text(title) if c not in "[]:*?/\\")[:25].strip()
    return f"{index + 1} {words}".strip()[:31]


def write_xlsx(tables: Sequence[ManuscriptTable], target: Target) -> None:
    """One sheet per table: title, spanning header groups, header, rows, footnotes."""
    book = openpyxl.Workbook()
    book.remove(book.worksheets[0])  # the empty sheet a new workbook starts with
    bold = Font(bold=True)
    for index, table in enumerate(tables):
        sheet = book.create_sheet(_sheet_title(table.title, index))
        sheet.append([_xlsx(table.title)])
        sheet.cell(row=1, column=1).font = bold
        if table.header_groups:
            row, column = sheet.max_row + 1, 1
            for label, span in table.header_groups:
                sheet.cell(row=row, column=column, value=_xlsx(label) or None).font = bold
                if span > 1:
                    sheet.merge_cells(start_row=row, start_column=column,
                                      end_row=row, end_column=column + span - 1)
                column += span
        sheet.append([_xlsx(label) for label in table.header])
        for cell in sheet[sheet.max_row]:
            cell.font = bold
            cell.alignment = Alignment(wrap_text=True)
        for row in table.rows:
            _append_row(sheet, _padded(row.cells, len(table.header)))
            if row.section:
                sheet.cell(row=sheet.max_row, column=1).font = Font(italic=True)
        sheet.append([])
        for note in table.footnotes:
            sheet.append([_xlsx(note)])
        sheet.column_dimensions["A"].width = 60
    _no_formulas(book)
    book.save(target)


def _add_docx_table(document: Any, table: ManuscriptTable) -> None:
    title = document.add_paragraph()
    title.add_run(_text(table.title)).bold = True
    width = len(table.header)
    header_rows = 2 if table.header_groups else 1
    grid = document.add_table(rows=header_rows + len(table.rows), cols=width)
    grid.style = "Table Grid"
    if table.header_groups:
        column = 0
        for label, span in table.header_groups:
            cell = grid.cell(0, column)
            if span > 1:
                cell = cell.merge(grid.cell(0, column + span - 1))
            cell.text = _text(label)
            column += span
    for j, label in enumerate(table.header):
        grid.cell(header_rows - 1, j).text = _text(label)
    for i, row in enumerate(table.rows, start=header_rows):
        if row.section:
            merged = grid.cell(i, 0).merge(grid.cell(i, width - 1))
            merged.text = _text(row.cells[0])
            continue
        for j, value in enumerate(_padded(row.cells, width)):
            grid.cell(i, j).text = _text(value)
    for note in table.footnotes:
        paragraph = document.add_paragraph(_text(note))
        paragraph.runs[0].font.size = Pt(9)


def _add_docx_figure(document: Any, figure: CaptionedFigure) -> None:
    """Its numbered caption above, the picture with its alternative text, its note below."""
    caption = document.add_paragraph()
    caption.add_run(_text(figure.caption)).bold = True
    picture = document.add_picture(io.BytesIO(figure.png), width=Inches(6.5))
    picture._inline.docPr.set("descr", _text(figure.alt))
    note = document.add_paragraph(_text(f"Note. {figure.note}"))
    note.runs[0].font.size = Pt(9)


def write_docx(tables: Sequence[ManuscriptTable], target: Target,
               figures: Mapping[int, Sequence[CaptionedFigure]] | None = None) -> None:
    """All tables into one Word document, each with its title above and footnotes below, and
    after it the figures drawn from it (`figures`, by the table's position from 0)."""
    document = docx.Document()
    for position, table in enumerate(tables):
        _add_docx_table(document, table)
        for figure in (figures or {}).get(position, ()):
            _add_docx_figure(document, figure)
    document.save(str(target) if isinstance(target, Path) else target)
