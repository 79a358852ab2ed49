"""Spreadsheet files in and out: mentees.csv, mentors.csv, candidates.csv, matches.csv.

Rows are numbered as a spreadsheet shows them: the header is row 1."""

from __future__ import annotations

import csv
import math
from collections.abc import Callable, Sequence
from io import TextIOBase
from pathlib import Path
from typing import TypeVar

import numpy as np

from .errors import InputError
from .model import CandidateTable, Mentee, Mentor
from .result import MatchResult

T = TypeVar("T")
Row = dict[str, str]
_TRUE = {"1", "true", "yes", "y", "t"}
_FALSE = {"0", "false", "no", "n", "f"}


def read_mentees(path: Path) -> list[Mentee]:
    def build(row: Row, cell: _Cell) -> Mentee:
        return Mentee(
            id=cell.text("id", required=True), career_stage=cell.integer("career_stage"),
            interests=cell.items("interests"), specialty=cell.text("specialty"),
            goals=cell.text("goals"), communication_style=cell.text("communication_style"),
            group=cell.text("group"), site=cell.text("site"), gender=cell.text("gender"),
            background=cell.text("background"), affinity=cell.items("affinity"),
            requested=cell.items("requested"), roles=cell.items("roles"),
        )

    return _unique(_read(path, ("id", "career_stage", "interests"), build), path)


def read_mentors(path: Path) -> list[Mentor]:
    def build(row: Row, cell: _Cell) -> Mentor:
        capacity = cell.integer("capacity")
        if capacity < 0:
            raise cell.error("capacity", "must be zero or more")
        return Mentor(
            id=cell.text("id", required=True), career_stage=cell.integer("career_stage"),
            capacity=capacity, interests=cell.items("interests"),
            specialty=cell.text("specialty"), goals=cell.text("goals"),
            communication_style=cell.text("communication_style"), site=cell.text("site"),
            gender=cell.text("gender"), background=cell.text("background"),
            tier=cell.text("tier"), role=cell.text("role"), trained=cell.flag("trained"),
            requested=cell.items("requested"),
        )

    return _unique(_read(path, ("id", "career_stage", "capacity", "interests"), build), path)


def read_candidates(path: Path, mentees: Sequence[Mentee], mentors: Sequence[Mentor]
                    ) -> CandidateTable:
    mentee_at = {m.id: k for k, m in enumerate(mentees)}
    mentor_at = {m.id: k for k, m in enumerate(mentors)}
    seen: set[tuple[int, int]] = set()

    def build(row: Row, cell: _Cell) -> tuple[int, int, float, float, float]:
        mentee, mentor = cell.known("mentee_id", mentee_at), cell.known("mentor_id", mentor_at)
        if (mentee, mentor) in seen:
            raise cell.error("mentor_id", "this pair is listed twice")
        seen.add((mentee, mentor))
        return (mentee, mentor, cell.number("score"),
                cell.number("mentee_rank", optional=True),
                cell.number("mentor_rank", optional=True))

    rows = _read(path, ("mentee_id", "mentor_id", "score"), build)
    table = np.array(rows, dtype=np.float64).reshape(-1, 5)
    ranks = [table[:, k] if not np.isnan(table[:, k]).all() else None for k in (3, 4)]
    return CandidateTable(table[:, 0].astype(np.int64), table[:, 1].astype(np.int64),
                          table[:, 2].copy(), mentee_rank=ranks[0], mentor_rank=ranks[1])


def write_matches(handle: TextIOBase, result: MatchResult, slot_column: str = "",
                  explain: bool = False) -> None:
    """matches.csv: mentee_id, mentor_id, score, then tier or role, then the explanation."""
    header = ["mentee_id", "mentor_id", "score"] + ([slot_column] if slot_column else [])
    writer = csv.writer(handle)
    writer.writerow(header + (["explanation"] if explain else []))
    for pair in result.pairs:
        row = [pair.mentee_id, pair.mentor_id, f"{pair.score:.4f}"]
        row += [pair.slot] if slot_column else []
        row += [pair.explanation] if explain else []
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

    def integer(self, column: str) -> int:
        value = self.text(column, required=True)
        try:
            return int(value)
        except ValueError:
            raise self.error(column, f"{value!r} is not a whole number") from None

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


def _read(path: Path, required: Sequence[str], build: Callable[[Row, _Cell], T]) -> list[T]:
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            columns = [c.strip() for c in reader.fieldnames or []]
            missing = [c for c in required if c not in columns]
            if missing:
                raise InputError(f"missing column {missing[0]!r} (found {', '.join(columns)})",
                                 file=path.name, row=1, column=missing[0])
            reader.fieldnames = columns
            return [build(row, _Cell(path, number, row))
                    for number, row in enumerate(reader, start=2)]
    except OSError as error:
        raise InputError(f"cannot be read ({error.strerror})", file=str(path)) from None
    except UnicodeDecodeError:
        raise InputError("is not UTF-8 text", file=path.name) from None


def _unique(people: list[T], path: Path) -> list[T]:
    seen: dict[str, int] = {}
    for number, person in enumerate(people, start=2):
        person_id = str(person.id)  # type: ignore[attr-defined]
        if person_id in seen:
            raise InputError(f"id {person_id!r} repeats row {seen[person_id]}",
                             file=path.name, row=number, column="id")
        seen[person_id] = number
    return people
