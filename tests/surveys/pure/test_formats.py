"""The small formats underneath: choice lists and REDCap's CSV quoting."""

from hypothesis import given
from hypothesis import strategies as st

from mentora.core.text import clean_text
from mentora.surveys.interchange import Choice, read_dictionary
from mentora.surveys.interchange.choices import format_choices, parse_choices
from mentora.surveys.interchange.csvio import read_rows, write_rows
from mentora.surveys.interchange.dictionary import parse_dictionary
from tests.fixtures import REDCAP

codes = st.from_regex(r"[A-Za-z0-9_]{1,6}", fullmatch=True)
labels = st.text(min_size=1, max_size=30).map(str.strip).filter(lambda s: s and "|" not in s)


@given(st.lists(st.tuples(codes, labels), min_size=1, max_size=8, unique_by=lambda p: p[0]))
def test_any_choice_list_reads_back_as_written(pairs):
    """Codes and labels (commas and all) survive formatting and parsing."""
    choices = tuple(Choice(code, label) for code, label in pairs)
    assert parse_choices(format_choices(choices)) == choices


@given(st.lists(st.lists(st.text(max_size=20), min_size=2, max_size=5), min_size=1, max_size=5))
def test_any_cells_survive_the_csv_writer(rows):
    """Commas, quotes, spaces and line breaks inside cells are quoted and read back (control
    characters, which no stored text keeps, are cleaned on the way in)."""
    width = len(rows[0])
    rows = [(row + [""] * width)[:width] for row in rows]
    assert read_rows(write_rows(rows)) == [[clean_text(cell) for cell in row] for row in rows]


def test_windows_line_endings_read_the_same():
    """A dictionary saved with CRLF line endings (Excel) gives the same instrument."""
    path = REDCAP / "longitudinal" / "dictionary.csv"
    text = path.read_text(encoding="utf-8")
    crlf = text.replace("\n", "\r\n")
    assert parse_dictionary(crlf, name="dictionary") == read_dictionary(path)


def test_a_byte_order_mark_is_ignored():
    path = REDCAP / "survey" / "dictionary.csv"
    text = "\ufeff" + path.read_text(encoding="utf-8")
    assert parse_dictionary(text, name="dictionary") == read_dictionary(path)
