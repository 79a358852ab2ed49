"""The engine's own exceptions: each message says what went wrong and where."""

from __future__ import annotations


class MatchingError(Exception):
    """A problem the caller can fix: an impossible constraint, an unknown id, a bad value."""


class InputError(MatchingError):
    """A bad input file, naming the file, the row and the column."""

    def __init__(self, message: str, *, file: str, row: int | None = None, column: str = ""):
        self.file = file
        self.row = row
        self.column = column
        where = file
        if row is not None:
            where += f", row {row}"
        if column:
            where += f", column {column!r}"
        super().__init__(f"{where}: {message}")
