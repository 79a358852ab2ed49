"""Spreadsheet files in and out: mentees.csv, mentors.csv, candidates.csv, matches.csv.

Rows are numbered as a spreadsheet shows them: the header is row 1. The people files are read
in whatever encoding a spreadsheet saved them (mentora.core.uploads: UTF-8 with or without a
byte-order mark, UTF-16, or Windows-1252 with a warning); candidates.csv, which may hold tens of
millions of rows of ids and numbers, is read as UTF-8 as it streams."""

from __future__ import annotations

import csv
import dataclasses
import io
import math
from collections.abc import Callable, Iterable, Sequence
from io import TextIOBase
from itertools import islice, repeat, starmap
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
import numpy.typing as npt
import pandas as pd

from mentora.core.cells import neutralise_text
from mentora.core.uploads import UploadError, decode_text
from mentora.people.ladder import UnknownStage, parse_stage

from .errors import InputError
from .indexing import pair_codes
from .model import CandidateTable, FloatArray, IntArray, Mentee, Mentor
from .result import MatchResult

T = TypeVar("T")
Row = dict[str, str]
_TRUE = {"1", "true", "yes", "y", "t"}
_FALSE = {"0", "false", "no", "n", "f"}
_FLAGS = {"": True} | dict.fromkeys(_TRUE, True) | dict.fromkeys(_FALSE, False)


MENTEE_COLUMNS = ("id", "career_stage", "interests")
MENTOR_COLUMNS = ("id", "career_stage", "capacity", "interests")


def read_mentees(path: Path, row_by_row: bool = False,
                 warnings: list[str] | None = None) -> list[Mentee]:
    """mentees.csv. Read a column at a time; a file with any cell that is not plainly valid
    is read again row by row (row_by_row=True does only that), which names the bad cell.
    A file read by a guessed encoding adds a sentence saying so to `warnings`."""
    people = _read_people(path, MENTEE_COLUMNS, _mentee_fields, Mentee, row_by_row, warnings)
    return _unique(people, path)


def read_mentors(path: Path, row_by_row: bool = False,
                 warnings: list[str] | None = None) -> list[Mentor]:
    """mentors.csv, read as read_mentees reads mentees.csv."""
    people = _read_people(path, MENTOR_COLUMNS, _mentor_fields, Mentor, row_by_row, warnings)
    return _unique(people, path)


def _mentee_fields(cell: _Cell | _Columns) -> dict[str, Any]:
    """Every field of a Mentee from one row (a _Cell) or from all rows (_Columns)."""
    return {
        "id": cell.text("id", required=True), "career_stage": cell.stage("career_stage"),
        "interests": cell.items("interests"), "specialty": cell.text("specialty"),
        "goals": cell.text("goals"), "communication_style": cell.text("communication_style"),
        "group": cell.text("group"), "site": cell.text("site"), "gender": cell.text("gender"),
        "background": cell.text("background"), "affinity": cell.items("affinity"),
        "requested": cell.items("requested"), "roles": cell.items("roles"),
    }


def _mentor_fields(cell: _Cell | _Columns) -> dict[str, Any]:
    return {
        "id": cell.text("id", required=True), "career_stage": cell.stage("career_stage"),
        "capacity": cell.integer("capacity", at_least=0), "interests": cell.items("interests"),
        "specialty": cell.text("specialty"), "goals": cell.text("goals"),
        "communication_style": cell.text("communication_style"), "site": cell.text("site"),
        "gender": cell.text("gender"), "background": cell.text("background"),
        "tier": cell.text("tier"), "role": cell.text("role"), "trained": cell.flag("trained"),
        "requested": cell.items("requested"),
    }


P = TypeVar("P", Mentee, Mentor)


def _read_people(path: Path, required: Sequence[str],
                 fields: Callable[[_Cell | _Columns], dict[str, Any]], kind: type[P],
                 row_by_row: bool, warnings: list[str] | None) -> list[P]:
    text = _decoded(path, warnings)
    if not row_by_row:
        try:
            columns = fields(_Columns(path, text, required))
        except _Irregular:
            pass
        else:
            order = [field.name for field in dataclasses.fields(kind)]
            return list(starmap(kind, zip(*(columns[name] for name in order), strict=False)))
    return _read(path, required, lambda row, cell: kind(**fields(cell)), text=text)


def _decoded(path: Path, warnings: list[str] | None) -> str:
    """A people file's text, in whatever encoding it was saved (mentora.core.uploads)."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError(f"cannot be read ({error.strerror})", file=str(path)) from None
    try:
        return decode_text(data, path.name, warnings=warnings)
    except UploadError as error:
        raise InputError(error.message, file=path.name) from None


CANDIDATE_COLUMNS = ("mentee_id", "mentor_id", "score", "mentee_rank", "mentor_rank")
CHUNK_ROWS = 5_000_000  # rows parsed at a time: a chunk's worth of ids, not the file's; large,
# since each chunk looks up its distinct ids again (1,000,000-row chunks took 41 s for
# 50,000,000 rows against 200,000 mentors, 5,000,000-row chunks 27 s, at the same peak memory)


def read_candidates(path: Path, mentees: Sequence[Mentee], mentors: Sequence[Mentor],
                    chunk_rows: int = CHUNK_ROWS) -> CandidateTable:
    """candidates.csv as index arrays. Clean chunks are parsed by pandas and looked up by id
    in bulk; from the first chunk that does not parse or check cleanly (an unknown id, an
    empty or non-finite cell, stray spaces), the rest is read row by row, which names the
    file, row and column of the first bad cell. A pair listed twice is found by sorting."""
    mentee_at = {m.id: k for k, m in enumerate(mentees)}
    mentor_at = {m.id: k for k, m in enumerate(mentors)}
    columns = _header(path, ("mentee_id", "mentor_id", "score"))
    wanted = [c for c in CANDIDATE_COLUMNS if c in columns]
    parts: list[_CandidateArrays] = []
    resume = _read_clean_chunks(path, columns, wanted, mentee_at, mentor_at, chunk_rows, parts)
    if resume is not None:
        parts.append(_read_candidate_rows(path, resume, mentee_at, mentor_at))
    mentee = _join([part[0] for part in parts], np.int64)
    mentor = _join([part[1] for part in parts], np.int64)
    score = _join([part[2] for part in parts], np.float64)
    _check_pairs_once(path, mentee, mentor, len(mentors))
    mentee_rank, mentor_rank = (_ranks(parts, k) for k in (3, 4))
    return CandidateTable(mentee, mentor, score, mentee_rank=mentee_rank,
                          mentor_rank=mentor_rank)


# mentee, mentor, score, mentee_rank, mentor_rank (None for a rank column the file lacks)
_CandidateArrays = tuple[IntArray, IntArray, FloatArray, FloatArray | None, FloatArray | None]


def _read_clean_chunks(path: Path, columns: list[str], wanted: list[str],
                       mentee_at: dict[str, int], mentor_at: dict[str, int], chunk_rows: int,
                       parts: list[_CandidateArrays]) -> int | None:
    """Append each clean chunk to parts; return the spreadsheet row to go on from row by row
    (None when every chunk was clean)."""
    mentee_index, mentor_index = _IdLookup(mentee_at), _IdLookup(mentor_at)
    ranks = [c for c in wanted if c.endswith("_rank")]
    # Ids come as categories: the parser keeps each distinct id once per chunk, and
    # _IdLookup looks up those alone (a third faster than a string per cell).
    types: dict[str, str] = {"mentee_id": "category", "mentor_id": "category",
                             "score": "float64"} | dict.fromkeys(ranks, "float64")
    first_row = 2
    try:
        with pd.read_csv(
                path, encoding="utf-8-sig", header=0, names=columns, usecols=wanted,
                chunksize=chunk_rows, low_memory=False, keep_default_na=False,
                na_values={column: [""] for column in ranks}, dtype=types) as chunks:
            for chunk in chunks:
                mentee = mentee_index.positions(chunk["mentee_id"])
                mentor = mentor_index.positions(chunk["mentor_id"])
                score = chunk["score"].to_numpy(dtype=np.float64)
                rank = [chunk[c].to_numpy(dtype=np.float64) if c in ranks else None
                        for c in ("mentee_rank", "mentor_rank")]
                known = bool((mentee >= 0).all() and (mentor >= 0).all())
                finite = bool(np.isfinite(score).all()) and not any(
                    np.isinf(r).any() for r in rank if r is not None)
                if not (known and finite):
                    return first_row
                parts.append((mentee, mentor, score, rank[0], rank[1]))
                first_row += len(chunk)
    except (ValueError, pd.errors.ParserError, UnicodeDecodeError):
        return first_row  # the row-by-row reader names the cell (or the file's encoding)
    except OSError as error:
        raise InputError(f"cannot be read ({error.strerror})", file=str(path)) from None
    return None


def _join(arrays: list[npt.NDArray[Any]], dtype: type[np.generic]) -> npt.NDArray[Any]:
    return np.concatenate(arrays) if arrays else np.zeros(0, dtype=dtype)


def _ranks(parts: list[_CandidateArrays], column: int) -> FloatArray | None:
    """One rank column (NaN where a row ranks no one), or None when no row ranks anyone."""
    ranks = [part[column] for part in parts]
    if all(r is None or np.isnan(r).all() for r in ranks):
        return None
    return np.concatenate([np.full(part[0].size, np.nan) if r is None else r
                           for part, r in zip(parts, ranks, strict=True)])


class _IdLookup:
    """Ids to positions in bulk; -1 for an id that is not there (or a missing cell)."""

    def __init__(self, at: dict[str, int]):
        self.index = pd.Index(list(at), dtype=object)
        self.position = np.fromiter(at.values(), dtype=np.int64, count=len(at))

    def positions(self, ids: pd.Series) -> IntArray:
        """ids as the parser gives a categorical column: each distinct id is looked up once,
        then every row through its code (-1 where the cell is missing)."""
        column = pd.Categorical(ids)
        codes = np.asarray(column.codes, dtype=np.int64)
        if not self.position.size:
            return np.full(codes.size, -1, dtype=np.int64)
        found = self.index.get_indexer(pd.Index(column.categories, dtype=object))
        at = np.where(found >= 0, self.position[found], -1)
        return np.where(codes >= 0, at[codes], -1)


def _read_candidate_rows(path: Path, first_row: int, mentee_at: dict[str, int],
                         mentor_at: dict[str, int]) -> _CandidateArrays:
    def build(row: Row, cell: _Cell) -> tuple[int, int, float, float, float]:
        return (cell.known("mentee_id", mentee_at), cell.known("mentor_id", mentor_at),
                cell.number("score"), cell.number("mentee_rank", optional=True),
                cell.number("mentor_rank", optional=True))

    rows = _read(path, ("mentee_id", "mentor_id", "score"), build, first_row)
    table = np.array(rows, dtype=np.float64).reshape(-1, 5)
    return (table[:, 0].astype(np.int64), table[:, 1].astype(np.int64), table[:, 2].copy(),
            table[:, 3].copy(), table[:, 4].copy())


def _check_pairs_once(path: Path, mentee: IntArray, mentor: IntArray, n_mentors: int) -> None:
    """The first row whose pair was listed on an earlier row, named as the reader would."""
    codes = pair_codes(mentee, mentor, n_mentors)
    if codes.size < 2 or bool((codes[1:] > codes[:-1]).all()):
        return  # written in order, as exports usually are: nothing can repeat
    ordered = np.sort(codes)
    if not (ordered[1:] == ordered[:-1]).any():
        return
    order = np.argsort(codes, kind="stable")
    repeats = order[1:][codes[order[1:]] == codes[order[:-1]]]
    raise InputError("this pair is listed twice", file=path.name, row=int(repeats.min()) + 2,
                     column="mentor_id")


def write_matches(handle: TextIOBase, result: MatchResult, slot_column: str = "",
                  explain: bool = False) -> None:
    """matches.csv: mentee_id, mentor_id, score, then tier or role, then the explanation."""
    header = ["mentee_id", "mentor_id", "score"] + ([slot_column] if slot_column else [])
    writer = csv.writer(handle)
    writer.writerow(header + (["explanation"] if explain else []))
    for pair in result.pairs:
        # Ids, tiers and explanations came from people's files: none may run as a formula.
        row = [neutralise_text(pair.mentee_id), neutralise_text(pair.mentor_id),
               f"{pair.score:.4f}"]
        row += [neutralise_text(pair.slot)] if slot_column else []
        row += [neutralise_text(pair.explanation)] if explain else []
        writer.writerow(row)


class _Cell:
    """Reads one field of one row, raising InputError that names file, row and column."""

    def __init__(self, path: Path, number: int, row: Row):
        self.path, self.line, self.row = path, number, row

    def error(self, column: str, message: str) -> InputError:
        return InputError(message, file=self.path.name, row=self.line, column=column)

    def text(self, column: str, required: bool = False) -> str:
        value = (self.row.get(column) or "").strip()
        if required and not value:
            raise self.error(column, "is empty")
        return value

    def items(self, column: str) -> tuple[str, ...]:
        return tuple(part.strip() for part in self.text(column).split(";") if part.strip())

    def integer(self, column: str, at_least: int | None = None) -> int:
        value = self.text(column, required=True)
        try:
            number = int(value)
        except ValueError:
            raise self.error(column, f"{value!r} is not a whole number") from None
        if at_least is not None and number < at_least:
            raise self.error(column, "must be zero or more" if at_least == 0
                             else f"must be {at_least} or more")
        return number

    def stage(self, column: str) -> int:
        value = self.text(column, required=True)
        try:
            return stage_number(value)
        except UnknownStage as error:
            raise self.error(column, f"{error}; or the stage's number") from None

    def number(self, column: str, optional: bool = False) -> float:
        value = self.text(column, required=not optional)
        if not value:
            return math.nan
        try:
            parsed = float(value)
        except ValueError:
            raise self.error(column, f"{value!r} is not a number") from None
        if not math.isfinite(parsed):
            raise self.error(column, f"{value!r} is not a finite number")
        return parsed

    def flag(self, column: str) -> bool:
        value = self.text(column).lower()
        if value in _TRUE or not value:
            return True
        if value in _FALSE:
            return False
        raise self.error(column, f"{value!r} is not yes or no")

    def known(self, column: str, index: dict[str, int]) -> int:
        value = self.text(column, required=True)
        if value not in index:
            raise self.error(column, f"{value!r} is not in the {column[:-3]}s file")
        return index[value]


def stage_number(value: str) -> int:
    """A career stage as a number: written as one (the ladder's own numbers, 3 for MS3), or as
    every other file writes it ("MS3", "PGY-1", "Assistant professor"; mentora.people.ladder).
    UnknownStage for neither."""
    try:
        return int(value)
    except ValueError:
        return int(parse_stage(value))


class _Irregular(Exception):
    """A cell the column reader does not take as it stands; the row reader will name it."""


class _Columns:
    """A people file read whole and converted a column at a time, as _Cell converts one cell
    (each method returns the column; an absent column repeats its empty value). Anything
    _Cell would reject, or that reads differently by row, raises _Irregular instead."""

    def __init__(self, path: Path, text: str, required: Sequence[str]):
        try:
            reader = csv.reader(io.StringIO(text, newline=""))
            names = _check_columns(path, next(reader, None), required)
            width = len(names)
            rows = [row if len(row) == width else (row + [""] * width)[:width]
                    for row in reader if row]  # DictReader skips empty lines too
        except csv.Error:
            raise _Irregular from None
        if len(set(names)) < width:
            raise _Irregular  # a repeated column: DictReader keeps the last one's cells
        self.where = {name: k for k, name in enumerate(names)}
        self.rows = rows

    def _stripped(self, column: str) -> list[str] | None:
        at = self.where.get(column)
        return None if at is None else [row[at].strip() for row in self.rows]

    def text(self, column: str, required: bool = False) -> Iterable[str]:
        values = self._stripped(column)
        if values is None:
            return repeat("")
        if required and "" in values:
            raise _Irregular
        return values

    def items(self, column: str) -> Iterable[tuple[str, ...]]:
        values = self._stripped(column)
        if values is None:
            return repeat(())
        return [((value,) if value else ()) if ";" not in value else
                tuple(part.strip() for part in value.split(";") if part.strip())
                for value in values]

    def integer(self, column: str, at_least: int | None = None) -> list[int]:
        values = self._stripped(column)
        if values is None or "" in values:
            raise _Irregular
        try:
            numbers = [int(value) for value in values]
        except ValueError:
            raise _Irregular from None
        if at_least is not None and numbers and min(numbers) < at_least:
            raise _Irregular
        return numbers

    def stage(self, column: str) -> list[int]:
        """Career stages as numbers, or as the enrolment writes them ("MS3", "PGY-1")."""
        try:
            return self.integer(column)
        except _Irregular:
            values = self._stripped(column)
        if values is None or "" in values:
            raise _Irregular
        try:
            known = {value: stage_number(value) for value in set(values)}
        except ValueError:
            raise _Irregular from None
        return [known[value] for value in values]

    def flag(self, column: str) -> Iterable[bool]:
        values = self._stripped(column)
        if values is None:
            return repeat(True)
        try:
            return [_FLAGS[value.lower()] for value in values]
        except KeyError:
            raise _Irregular from None


def _read(path: Path, required: Sequence[str], build: Callable[[Row, _Cell], T],
          first_row: int = 2, text: str | None = None) -> list[T]:
    """Every row from first_row on (the header is row 1), built one by one: of `text` when
    given (a people file, decoded), else streamed from the file as UTF-8."""
    try:
        with (io.StringIO(text, newline="") if text is not None
              else path.open(newline="", encoding="utf-8-sig")) as handle:
            reader = csv.DictReader(handle)
            reader.fieldnames = _check_columns(path, reader.fieldnames, required)
            rows = islice(enumerate(reader, start=2), first_row - 2, None)
            return [build(row, _Cell(path, number, row)) for number, row in rows]
    except OSError as error:
        raise InputError(f"cannot be read ({error.strerror})", file=str(path)) from None
    except UnicodeDecodeError:
        raise InputError(_NOT_UTF8, file=path.name) from None


def _header(path: Path, required: Sequence[str]) -> list[str]:
    """The file's column names, stripped, once the required ones are there."""
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            return _check_columns(path, csv.DictReader(handle).fieldnames, required)
    except OSError as error:
        raise InputError(f"cannot be read ({error.strerror})", file=str(path)) from None
    except UnicodeDecodeError:
        raise InputError(_NOT_UTF8, file=path.name) from None


_NOT_UTF8 = "is not UTF-8 text; save it as CSV UTF-8 (Excel: Save As, CSV UTF-8)"


def _check_columns(path: Path, found: Sequence[str] | None, required: Sequence[str]
                   ) -> list[str]:
    columns = [c.strip() for c in found or []]
    missing = [c for c in required if c not in columns]
    if missing:
        raise InputError(f"missing column {missing[0]!r} (found {', '.join(columns)})",
                         file=path.name, row=1, column=missing[0])
    return columns


def _unique(people: list[P], path: Path) -> list[P]:
    """The people, once no id repeats; else the first row that repeats one is named."""
    ids = [person.id for person in people]
    if len(set(ids)) == len(ids):
        return people
    seen: dict[str, int] = {}
    for number, person_id in enumerate(ids, start=2):
        if person_id in seen:
            raise InputError(f"id {person_id!r} repeats row {seen[person_id]}",
                             file=path.name, row=number, column="id")
        seen[person_id] = number
    return people
