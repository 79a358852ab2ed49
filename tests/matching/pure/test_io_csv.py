"""The spreadsheets read in bulk (candidates.csv in chunks, people a column at a time) give what
the file says, row for row, and a bad cell is still named by file, row and column."""

from __future__ import annotations

import csv
import math
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from mentora.matching.engine import InputError, Mentee, Mentor, io_csv
from mentora.matching.engine.io_csv import read_candidates, read_mentees, read_mentors

MENTEES = [Mentee(f"e{i}", 0) for i in range(6)]
MENTORS = [Mentor(f"m{j}", 1, 2) for j in range(5)]


def candidate_lines(ranked: bool = False) -> list[str]:
    """Every mentee with four mentors, scores with three decimals, some ranks left empty."""
    lines = []
    for i in range(6):
        for j in range(4):
            mentor = (i + j) % 5
            score = f"{(7 * i + 3 * j) % 10}.{(13 * i + j) % 1000:03d}"
            rank = "" if (i + j) % 3 == 0 else str(j + 1)
            lines.append(f"e{i},m{mentor},{score}" + (f",{rank}" if ranked else ""))
    return lines


def write(tmp_path: Path, header: str, lines: list[str]) -> Path:
    path = tmp_path / "candidates.csv"
    path.write_text("\n".join([header, *lines]) + "\n", encoding="utf-8")
    return path


def expected(path: Path) -> tuple[list[int], list[int], list[float], list[float]]:
    """What the file says, read with the csv module and plain float()."""
    with path.open(newline="", encoding="utf-8") as handle:
        rows = [{key.strip(): value for key, value in row.items()}
                for row in csv.DictReader(handle)]
    mentee = [int(r["mentee_id"].strip()[1:]) for r in rows]
    mentor = [int(r["mentor_id"].strip()[1:]) for r in rows]
    score = [float(r["score"]) for r in rows]
    rank = [float(r["mentee_rank"]) if r.get("mentee_rank", "").strip() else math.nan
            for r in rows]
    return mentee, mentor, score, rank


@pytest.mark.parametrize("chunk_rows", [1, 4, 7, 1000])
def test_chunked_reading_gives_every_row_of_the_file(tmp_path: Path, chunk_rows: int) -> None:
    """Ids, scores (to the last bit) and optional ranks come back in file order whatever
    the chunk size."""
    path = write(tmp_path, "mentee_id,mentor_id,score,mentee_rank", candidate_lines(True))
    table = read_candidates(path, MENTEES, MENTORS, chunk_rows=chunk_rows)
    mentee, mentor, score, rank = expected(path)
    assert table.mentee.tolist() == mentee
    assert table.mentor.tolist() == mentor
    assert table.score.tolist() == score
    assert table.mentee_rank is not None
    np.testing.assert_array_equal(table.mentee_rank, np.array(rank))
    assert table.mentor_rank is None


def test_a_chunk_with_spaces_around_ids_is_read_like_the_others(tmp_path: Path) -> None:
    """A spreadsheet that pads some cells: that chunk and the rest are read row by row, and
    the result is the same as for a tidy file."""
    lines = candidate_lines()
    lines[9] = " " + lines[9].replace(",", " , ", 1)
    path = write(tmp_path, "mentee_id, mentor_id ,score", lines)
    table = read_candidates(path, MENTEES, MENTORS, chunk_rows=4)
    mentee, mentor, score, _ = expected(path)
    assert (table.mentee.tolist(), table.mentor.tolist(), table.score.tolist()) == (
        mentee, mentor, score)
    assert table.mentee_rank is None


@pytest.mark.parametrize(("row", "cell", "message"), [
    (11, "e2,nobody,1.5", "row 11, column 'mentor_id': 'nobody' is not in the mentors file"),
    (9, "e1,m4,inf", "row 9, column 'score': 'inf' is not a finite number"),
    (9, "e1,m4,nan", "row 9, column 'score': 'nan' is not a finite number"),
    (18, "e3,m4,", "row 18, column 'score': is empty"),
    (25, "e5,m4,high", "row 25, column 'score': 'high' is not a number"),
    (6, "e1", "row 6, column 'mentor_id': is empty"),
])
def test_a_bad_cell_in_any_chunk_is_named(tmp_path: Path, row: int, cell: str,
                                          message: str) -> None:
    lines = candidate_lines()
    lines[row - 2] = cell
    path = write(tmp_path, "mentee_id,mentor_id,score", lines)
    with pytest.raises(InputError, match=re.escape(f"candidates.csv, {message}")):
        read_candidates(path, MENTEES, MENTORS, chunk_rows=4)


@pytest.mark.parametrize("shuffled", [False, True])
def test_a_pair_listed_twice_is_named_at_its_second_row(tmp_path: Path, shuffled: bool) -> None:
    """Whether or not the file is in order, the row named is the first that repeats a pair
    listed above it, even when the two rows fall in different chunks."""
    lines = candidate_lines()
    if shuffled:
        lines = lines[::-1]
    lines.insert(14, lines[3].rsplit(",", 1)[0] + ",9.5")  # row 16 repeats row 5
    lines.insert(20, lines[8])  # row 22 repeats row 10
    path = write(tmp_path, "mentee_id,mentor_id,score", lines)
    with pytest.raises(InputError, match=re.escape(
            "candidates.csv, row 16, column 'mentor_id': this pair is listed twice")):
        read_candidates(path, MENTEES, MENTORS, chunk_rows=4)


CELLS = ["", " ", "a", " b ", "a;b", "a; ;b ", ";", "é", "q,uoted", 'say "hi"', "e1 "]
NUMBERS = ["3", " 4 ", "0", "1_0", "+2"]
FLAGS = ["", "yes", " No ", "t", "0"]
BAD = ["", "x", "-1", "maybe", "3.5"]
MENTEE_HEADER = ["id", "career_stage", "interests", "specialty", "goals", "group", "affinity",
                 "requested", "roles", "other"]
MENTOR_HEADER = ["id", "career_stage", "capacity", "interests", "tier", "role", "trained",
                 "requested", " site "]


def outcome(read: Callable[[], list[Mentee] | list[Mentor]]) -> object:
    try:
        return read()
    except InputError as error:
        return str(error)


def cell(data: st.DataObject, column: str, row: int) -> str:
    """Mostly valid values for the column, now and then one the row reader rejects."""
    if data.draw(st.integers(0, 9)) == 0:
        return data.draw(st.sampled_from(BAD + CELLS))
    if column == "id":
        return f" p{row} " if row % 3 == 0 else f"p{row}"
    if column in ("career_stage", "capacity"):
        return data.draw(st.sampled_from(NUMBERS))
    if column == "trained":
        return data.draw(st.sampled_from(FLAGS))
    return data.draw(st.sampled_from(CELLS))


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(["mentees", "mentors"]), st.data())
def test_people_read_a_column_at_a_time_as_row_by_row(tmp_path_factory: pytest.TempPathFactory,
                                                      side: str, data: st.DataObject) -> None:
    """Whatever the file holds (padding, lists, empty or bad cells, short and long rows, blank
    lines, a repeated column), the bulk reader gives the row reader's people or its error,
    and goes back to the row reader only when that one finds a bad cell or the header
    repeats a column."""
    columns = MENTEE_HEADER if side == "mentees" else MENTOR_HEADER
    required = columns[:3] if side == "mentees" else columns[:4]
    header = required + data.draw(st.lists(st.sampled_from(columns), max_size=5))
    header = data.draw(st.permutations(header))
    lines = [header]
    for row in range(data.draw(st.integers(0, 6))):
        extra = data.draw(st.sampled_from([0, 0, 0, 0, -1, 1, -len(header)]))
        line = [cell(data, column.strip(), row) for column in header]
        lines.append(line[:len(header) + extra] if extra <= 0 else [*line, "spare"])
    path = tmp_path_factory.mktemp("people") / f"{side}.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(lines)
    read = read_mentees if side == "mentees" else read_mentors
    rows_read = []
    row_reader = io_csv._read

    def counted(*args: Any, **kwargs: Any) -> Any:
        rows_read.append(args)
        return row_reader(*args, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(io_csv, "_read", counted)
        bulk = outcome(lambda: read(path))
    by_row = outcome(lambda: read(path, row_by_row=True))
    assert bulk == by_row
    bad_cell = isinstance(by_row, str) and "repeats row" not in by_row  # not a repeated id
    repeated_column = len({c.strip() for c in header}) < len(header)
    assert bool(rows_read) == (bad_cell or repeated_column)
    event(f"bulk {not rows_read}")


def test_a_clean_people_file_is_read_in_full(tmp_path: Path) -> None:
    path = tmp_path / "mentors.csv"
    path.write_text("id, career_stage ,capacity,interests,trained,tier\n"
                    "r1,5,2, cardiology ; research ;,no,\n"
                    "r2 ,4,0,,,intern\n", encoding="utf-8")
    assert read_mentors(path) == [
        Mentor("r1", 5, 2, ("cardiology", "research"), trained=False),
        Mentor("r2", 4, 0, (), tier="intern", trained=True)]


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "cp1252"])
def test_a_people_file_saved_by_excel_in_its_encodings_keeps_its_accents(
    tmp_path: Path, encoding: str
) -> None:
    """Excel on Windows saves "CSV" as Windows-1252, "CSV UTF-8" with a byte-order mark, and
    other tools UTF-16: each is read with its accents; only the guess is warned of."""
    path = tmp_path / "mentors.csv"
    path.write_bytes("id,career_stage,capacity,interests,site\r\n"
                     "r1,5,2,santé publique,Montréal\r\n".encode(encoding))
    warnings: list[str] = []
    assert read_mentors(path, warnings=warnings) == [
        Mentor("r1", 5, 2, ("santé publique",), site="Montréal")]
    if encoding == "cp1252":
        assert warnings == [warnings[0]] and "mentors.csv: read as Windows-1252" in warnings[0]
        assert "line 2" in warnings[0]
    else:
        assert warnings == []


def test_a_workbook_given_as_the_people_file_is_named_as_one(tmp_path: Path) -> None:
    path = tmp_path / "mentees.csv"
    path.write_bytes(b"PK\x03\x04" + bytes(200))
    with pytest.raises(InputError) as raised:
        read_mentees(path)
    message = str(raised.value)
    assert "mentees.csv" in message and "Excel workbook (.xlsx)" in message
    assert "save it as CSV UTF-8" in message


def test_candidates_not_in_utf8_are_named_with_what_to_do(tmp_path: Path) -> None:
    mentees, mentors = [Mentee("s1", 3)], [Mentor("r1", 5, 1)]
    path = tmp_path / "candidates.csv"
    path.write_bytes("mentee_id,mentor_id,score\nsé,r1,0.5\n".encode("cp1252"))
    with pytest.raises(InputError) as raised:
        read_candidates(path, mentees, mentors)
    assert "candidates.csv" in str(raised.value) and "save it as CSV UTF-8" in str(raised.value)
