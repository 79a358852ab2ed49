"""Small-cell suppression: the one function every page, chart and export passes counts through.

A table of counts with its row and column totals is treated as a set of lines (each row and each
column, margins included), each line saying "these entries add up to this total". Primary
suppression hides every count from 1 to threshold - 1. Then, for as long as some line has exactly
one hidden entry (which subtraction from the line would reveal), the smallest other entry of
that line is hidden too. This stops single-line subtraction, the standard that statistical
offices ask of published tables; it is not a full linear-programming audit.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Literal

import pandas as pd

from .errors import StatsError

INTERNAL_THRESHOLD = 5  # reports inside the institution: hide counts below 5
PUBLICATION_THRESHOLD = 11  # anything marked for publication: hide counts below 11

Reason = Literal["", "small", "complementary"]


@dataclass(frozen=True)
class Cell:
    count: int
    hidden: bool = False
    reason: Reason = ""

    def text(self, marker: str = "*") -> str:
        return marker if self.hidden else str(self.count)


@dataclass(frozen=True)
class SuppressedTable:
    """The counts with margins: `cells[i][j]`; the last row and column are the totals."""

    cells: tuple[tuple[Cell, ...], ...]
    threshold: int
    row_labels: tuple[str, ...] = ()  # the body's rows, then "Total"
    col_labels: tuple[str, ...] = ()

    @property
    def body(self) -> tuple[tuple[Cell, ...], ...]:
        return tuple(row[:-1] for row in self.cells[:-1])

    def texts(self, marker: str = "*") -> list[list[str]]:
        return [[cell.text(marker) for cell in row] for row in self.cells]

    def percent(self, i: int, j: int, of: Literal["row", "column"] = "row") -> float | None:
        """Cell (i, j) as a percentage of its row or column total; None if either is hidden."""
        cell = self.cells[i][j]
        total = self.cells[i][-1] if of == "row" else self.cells[-1][j]
        if cell.hidden or total.hidden or total.count == 0:
            return None
        return 100.0 * cell.count / total.count

    def percentages(self, of: Literal["row", "column"] = "row") -> list[list[float | None]]:
        return [
            [self.percent(i, j, of) for j in range(len(row))] for i, row in enumerate(self.cells)
        ]


def _with_margins(counts: Sequence[Sequence[int]]) -> list[list[int]]:
    if not counts or not counts[0]:
        raise StatsError("a table to suppress needs at least one row and one column")
    width = len(counts[0])
    for i, row in enumerate(counts):
        if len(row) != width:
            raise StatsError(f"row {i} has {len(row)} counts, row 0 has {width}")
        for j, value in enumerate(row):
            if int(value) != value or value < 0:
                raise StatsError(f"row {i}, column {j}: {value!r} is not a count")
    table = [[int(v) for v in row] + [sum(int(v) for v in row)] for row in counts]
    table.append([sum(row[j] for row in table) for j in range(width + 1)])
    return table


def _lines(rows: int, cols: int) -> list[list[tuple[int, int]]]:
    """Every row and column of the table with margins, the total of each line last."""
    across = [[(i, j) for j in range(cols)] for i in range(rows)]
    down = [[(i, j) for i in range(rows)] for j in range(cols)]
    return across + down


def suppress_table(
    counts: Sequence[Sequence[int]],
    *,
    threshold: int,
    hide_zero: bool = False,
    row_labels: Sequence[str] = (),
    col_labels: Sequence[str] = (),
    hide: Collection[tuple[int, int]] = (),
) -> SuppressedTable:
    """Hide counts below `threshold` (5 internal, 11 for publication) and their complements.

    `counts` is the body (rows x columns); totals are added. Zeros stay shown unless
    `hide_zero`, since an empty cell usually reveals nothing about a person. `hide` names
    cells (i, j) of the table with its totals that another table already hides (a denominator
    suppressed there): they are hidden here too, and protected like small ones.
    """
    if threshold < 1:
        raise StatsError(f"the suppression threshold must be at least 1, not {threshold}")
    table = _with_margins(counts)
    rows, cols = len(table), len(table[0])
    reason: dict[tuple[int, int], Reason] = {
        (i, j): "small"
        for i in range(rows)
        for j in range(cols)
        if (0 < table[i][j] < threshold) or (hide_zero and table[i][j] == 0)
    }
    for i, j in hide:
        if not (0 <= i < rows and 0 <= j < cols):
            raise StatsError(f"no cell ({i}, {j}) to hide in a table of {rows} x {cols}")
        reason.setdefault((i, j), "complementary")
    lines = _lines(rows, cols)
    changed = True
    while changed:
        changed = False
        for line in lines:
            hidden = [cell for cell in line if cell in reason]
            if len(hidden) != 1:
                continue
            # Prefer a body cell over the line's total and a non-zero count over a zero (a zero
            # may be known to be empty), then the smallest count.
            shown = [c for c in line if c not in reason]
            shown.sort(key=lambda c: (c == line[-1], table[c[0]][c[1]] == 0, table[c[0]][c[1]]))
            reason[shown[0]] = "complementary"
            changed = True
    return SuppressedTable(
        row_labels=(*row_labels, "Total") if row_labels else (),
        col_labels=(*col_labels, "Total") if col_labels else (),
        cells=tuple(
            tuple(
                Cell(table[i][j], (i, j) in reason, reason.get((i, j), ""))
                for j in range(cols)
            )
            for i in range(rows)
        ),
        threshold=threshold,
    )


def suppress_counts(
    counts: Sequence[int],
    *,
    threshold: int,
    hide_zero: bool = False,
    labels: Sequence[str] = (),
) -> SuppressedTable:
    """A single row of group counts with its total (e.g. mentees by gender); use `cells[0]`."""
    return suppress_table(
        [list(counts)], threshold=threshold, hide_zero=hide_zero, col_labels=labels
    )


def suppress_frame(
    counts: pd.DataFrame, *, threshold: int, hide_zero: bool = False
) -> SuppressedTable:
    """A pandas table of counts without margins (e.g. `pd.crosstab`), labels kept."""
    return suppress_table(
        counts.to_numpy().tolist(),
        threshold=threshold,
        hide_zero=hide_zero,
        row_labels=[str(r) for r in counts.index],
        col_labels=[str(c) for c in counts.columns],
    )
