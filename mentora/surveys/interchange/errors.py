"""Errors raised by the interchange core.

Every problem says where it is: the file (or other source), the row as a spreadsheet shows it
(the header is row 1) and the column, so a data manager can open the file and find it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Self

# Beyond this many problems the message lists only a count: a wrong file would otherwise
# produce one line per cell.
MESSAGE_LIMIT = 20


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input, and where it is."""

    source: str
    message: str
    row: int | None = None
    column: str | None = None

    def __str__(self) -> str:
        where = [self.source]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column {self.column!r}")
        return f"{', '.join(where)}: {self.message}"


class InterchangeError(Exception):
    """An input that cannot be imported or an instrument that cannot be exported."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = tuple(problems)
        lines = [str(p) for p in self.problems[:MESSAGE_LIMIT]]
        hidden = len(self.problems) - MESSAGE_LIMIT
        if hidden > 0:
            lines.append(f"... and {hidden} more problems")
        super().__init__("\n".join(lines))

    @classmethod
    def single(
        cls, source: str, message: str, row: int | None = None, column: str | None = None
    ) -> Self:
        return cls([Problem(source, message, row, column)])


class LabelExportError(InterchangeError):
    """A REDCap export made with labels instead of raw codes."""


class LogicError(InterchangeError):
    """Branching logic that the evaluator cannot read."""
