"""The pre/post outcomes' figure for the Word download: the page's forest plot of each
instrument's comparison (seed 002's Tables 1-2), each item's mean difference with its 95% CI.

`intervals` is what the page's chart and this figure both draw, from the same comparison rows:
an item nobody answered at both waves has no table row, so it has no dot either.
"""

from __future__ import annotations

from collections.abc import Sequence

from mentora.evaluation.pure.figures import CaptionedFigure, Interval, forest_figure, png
from mentora.evaluation.reports.surveys import Comparison
from mentora.evaluation.stats.tables import diff_ci


def intervals(c: Comparison) -> list[Interval]:
    """Each item the tables print (answered by someone at both waves), in the instrument's order:
    its label, mean difference and 95% CI (None when no interval could be computed)."""
    return [Interval(c.labels.get(r.item, r.item), r.diff, _finite(r.ci_low), _finite(r.ci_high))
            for r in c.rows if r.n]


def _finite(value: float) -> float | None:
    return None if value != value else value  # NaN when no interval could be computed


def _said(row: Interval) -> str:
    if row.low is None or row.high is None:
        return f"{row.label}: {row.value:.2f} (no CI)"
    return f"{row.label}: {diff_ci(row.value, row.low, row.high)}"


def _tables(names: Sequence[str]) -> str:
    if len(names) == 1:
        return names[0]
    return "Tables " + ", ".join(n.removeprefix("Table ") for n in names[:-1]) + (
        f" and {names[-1].removeprefix('Table ')}")


def prepost_figure(c: Comparison, tables: Sequence[str], number: int) -> CaptionedFigure:
    """Figure `number`, drawn after the last of `tables` ("Table 1", "Table 2"), which print the
    same items."""
    rows = intervals(c)
    drawn = forest_figure(rows, xlabel=f"Mean difference, {c.post} minus {c.pre} (95% CI)")
    said = "; ".join(_said(row) for row in rows)
    return CaptionedFigure(
        caption=f"Figure {number} Mean Difference per Item From {c.pre} to {c.post}, With 95% CIs",
        alt=f"Forest plot of the mean difference per item of the {c.title}, {c.post} minus "
            f"{c.pre}, each with its 95% CI in parentheses. {said}.",
        note=f"{c.title}: each item's mean difference among those who answered it at both waves "
             f"(dot) and its 95% CI (line); the dashed line is no change. {_tables(tables)}'s "
             "figures.",
        png=png(drawn),
    )
