"""Spreadsheets as people have them (mentora.core.workbooks): a workbook's cells become the text
a person would type, rows keep Excel's numbers, and a damaged workbook is a message."""

from __future__ import annotations

import io
from datetime import date, datetime, time

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mentora.core.uploads import UploadError
from mentora.core.workbooks import cell_text, read_table, read_xlsx, write_xlsx


@pytest.mark.parametrize(("value", "text"), [
    (None, ""), (2, "2"), (2.0, "2"), (2.5, "2.5"), (True, "yes"), (False, "no"),
    (date(2026, 8, 1), "2026-08-01"), (datetime(2026, 8, 1), "2026-08-01"),
    (datetime(2026, 8, 1, 9, 30), "2026-08-01 09:30"), (time(14, 5), "14:05:00"),
    ("  Ana\x0bLee ", "Ana\nLee"),
])
def test_a_cell_becomes_the_text_a_person_would_type(value, text):
    assert cell_text(value) == text


def test_a_workbook_keeps_excels_row_numbers_and_reads_its_first_sheet_only():
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["name", "joined", "capacity"])
    sheet.append([])
    sheet.append(["Zoë", date(2026, 8, 1), 3.0])
    sheet.append([None, None, None])
    book.create_sheet("Other").append(["ignored"])
    buffer = io.BytesIO()
    book.save(buffer)
    rows = read_table(buffer.getvalue(), "people.xlsx")
    assert rows == [["name", "joined", "capacity"], [], ["Zoë", "2026-08-01", "3"]]


def test_what_write_xlsx_writes_reads_back_and_no_cell_runs_as_a_formula():
    data = write_xlsx([("People", [["name", "note"], ["Ann", "=1+1"]])])
    assert read_xlsx(data, "t.xlsx") == [["name", "note"], ["Ann", "'=1+1"]]


def test_a_damaged_workbook_is_refused_with_what_to_do():
    with pytest.raises(UploadError, match="is not an Excel workbook that can be read"):
        read_table(b"PK\x03\x04" + bytes(100), "people.xlsx")


def _workbook() -> bytes:
    return write_xlsx([("People", [["name", "email"], ["Ann Lee", "ann@example.edu"]])])


@settings(max_examples=40, deadline=None)
@given(cut=st.integers(0, 10_000), flips=st.lists(st.tuples(st.integers(0, 10_000),
                                                            st.integers(0, 255)), max_size=4))
def test_a_damaged_workbook_is_rows_or_a_message_never_another_error(cut, flips):
    data = bytearray(_workbook())
    for at, value in flips:
        data[at % len(data)] = value
    data = data[: max(4, cut % (len(data) + 1))]
    try:
        rows = read_table(bytes(data), "people.xlsx")
    except UploadError as error:
        assert error.source == "people.xlsx"
    else:
        assert all(isinstance(cell, str) for row in rows for cell in row)
