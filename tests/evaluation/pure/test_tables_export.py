import csv
import io

import docx
import numpy as np
import openpyxl
import pytest

from mentora.evaluation.stats import (
    CSV_COLUMNS,
    ItemSection,
    ScholarshipRow,
    prepost_arrays,
    prepost_table,
    records_table,
    scholarship_table,
)
from mentora.evaluation.stats.tables_export import write_csv, write_docx, write_xlsx


def _tables():
    rng = np.random.default_rng(4)
    pre = rng.integers(1, 6, (23, 2)).astype(float)
    post = np.clip(pre + rng.integers(0, 2, (23, 2)), 1, 5)
    rows = prepost_arrays(pre, post, ["goals", "track"])
    items = prepost_table(
        "Table 1 Changes in Self-Efficacy",
        [ItemSection("Career management self-efficacy", rows)],
        notes={"Career management self-efficacy": "Scored on a 1-5 Likert scale."},
        labels={"goals": "I have well-defined annual goals"},
    )
    output = scholarship_table(
        "Table 3 Scholarly Activity",
        [ScholarshipRow("Peer-reviewed publications", 30, 38, 1.27, 2.1, 104, 3.47, 5.2,
                        3.194, 29, 0.0034)],
        period1="2011-2013", period2="2014-2016",
    )
    return items, output


def test_docx_reads_back_with_the_same_cells(tmp_path) -> None:
    """The Word file opens and its tables hold the title, header, rows and footnotes given."""
    items, output = _tables()
    path = tmp_path / "tables.docx"
    write_docx([items, output], path)
    document = docx.Document(str(path))
    first, second = document.tables
    assert [c.text for c in first.rows[0].cells] == list(items.header)
    assert first.rows[1].cells[0].text == "Career management self-efficacy ‡"
    assert [c.text for c in first.rows[2].cells] == list(items.rows[1].cells)
    assert [c.text for c in second.rows[2].cells] == [
        "Peer-reviewed publications", "38", "1.3 (2.1)", "104", "3.5 (5.2)", "3.194", ".003",
    ]
    assert second.rows[0].cells[1].text == "Time 1 2011-2013"
    paragraphs = [p.text for p in document.paragraphs]
    assert "Table 1 Changes in Self-Efficacy" in paragraphs
    assert "‡Scored on a 1-5 Likert scale." in paragraphs
    assert "SD = standard deviation." in paragraphs


def test_xlsx_has_one_sheet_per_table_with_header_rows_and_notes() -> None:
    """The workbook keeps each table's title, header, rows and footnotes in order."""
    items, output = _tables()
    stream = io.BytesIO()
    write_xlsx([items, output], stream)
    book = openpyxl.load_workbook(io.BytesIO(stream.getvalue()))
    assert len(book.sheetnames) == 2
    values = [list(r) for r in book.worksheets[0].iter_rows(values_only=True)]
    assert values[0][0] == items.title
    assert tuple(values[1]) == items.header
    assert tuple(_shown(c) for c in book.worksheets[0][4]) == items.rows[1].cells
    assert values[-1][0] == items.footnotes[-1]
    assert book.worksheets[1]["A1"].value == output.title
    merged = [str(r) for r in book.worksheets[1].merged_cells.ranges]
    assert "B2:C2" in merged


def _shown(cell) -> str:
    """A cell as a spreadsheet prints it, for the number formats the tables use."""
    if cell.data_type != "n" or cell.value is None:
        return "" if cell.value is None else str(cell.value)
    fmt = cell.number_format
    decimals = len(fmt.split(".")[1]) if "." in fmt else 0
    text = f"{cell.value:.{decimals}f}"
    if fmt.startswith("."):  # no leading zero, as a P value is printed
        text = text.replace("0.", ".", 1)
    return text


def test_xlsx_stores_printed_numbers_as_numbers_in_their_printed_format() -> None:
    """n, totals, t and P are numbers a spreadsheet can sum or sort, printed as the table prints
    them (".003" stays ".003", "38" stays "38"); labels and "mean (SD)" cells stay text."""
    items, output = _tables()
    stream = io.BytesIO()
    write_xlsx([items, output], stream)
    book = openpyxl.load_workbook(io.BytesIO(stream.getvalue()))
    row = book.worksheets[1][4]  # title, header groups, header, then the first metric
    printed = output.rows[0].cells
    assert printed == ("Peer-reviewed publications", "38", "1.3 (2.1)", "104", "3.5 (5.2)",
                       "3.194", ".003")
    assert [c.data_type for c in row] == ["s", "n", "s", "n", "s", "n", "n"]
    assert [c.value for c in row if c.data_type == "n"] == [38, 104, 3.194, 0.003]
    assert [c.number_format for c in row if c.data_type == "n"] == ["0", "0", "0.000", ".000"]
    assert tuple(_shown(c) for c in row) == printed
    items_row = book.worksheets[0][4]  # title, header, section heading, then the first item
    assert items_row[1].data_type == "n" and items_row[1].value == int(items.rows[1].cells[1])
    assert items_row[1].number_format == "0"
    assert tuple(_shown(c) for c in items_row) == items.rows[1].cells


def test_records_keep_numbers_as_numbers_in_xlsx() -> None:
    """The command line's columns go into a sheet with numeric cells, not text."""
    rows = prepost_arrays(np.array([[1.0], [2.0], [4.0]]), np.array([[2.0], [4.0], [5.0]]), ["q"])
    stream = io.BytesIO()
    write_xlsx([records_table(rows)], stream)
    sheet = openpyxl.load_workbook(io.BytesIO(stream.getvalue())).active
    header, first = list(sheet.iter_rows(min_row=2, max_row=3, values_only=True))
    assert header == CSV_COLUMNS
    assert first[1] == 3 and first[6] == pytest.approx(4 / 3)


def test_csv_is_rectangular_with_notes_only_on_request() -> None:
    """CSV has the header and one line per row; footnotes follow a blank line when asked."""
    items, _ = _tables()
    plain, noted = io.StringIO(), io.StringIO()
    write_csv(items, plain)
    write_csv(items, noted, notes=True)
    lines = list(csv.reader(io.StringIO(plain.getvalue())))
    assert lines[0] == list(items.header)
    assert len(lines) == 1 + len(items.rows)
    assert all(len(line) == len(items.header) for line in lines)
    assert noted.getvalue().endswith(items.footnotes[-1] + "\n")
