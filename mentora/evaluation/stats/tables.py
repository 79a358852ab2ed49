"""Manuscript tables as plain data, in the layout of seed 002's Tables 1 to 3.

A table is a title, an optional upper header of spanning groups, a header, rows (a row may be a
section heading) and footnotes. Writers in `tables_export` turn it into CSV, XLSX or DOCX.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from .prepost import CSV_COLUMNS, PrePostRow
from .pvalues import PStyle, format_p
from .scholarship import ScholarshipRow

CellValue = str | int | float | None

# * and † are taken by the n and P notes; scale anchors get the next marks in order.
NOTE_MARKS = ("‡", "§", "‖", "¶", "#", "**", "††", "‡‡")


@dataclass(frozen=True)
class TableRow:
    cells: tuple[CellValue, ...]
    section: bool = False  # a heading row: its first cell spans the table


@dataclass(frozen=True)
class ManuscriptTable:
    title: str
    header: tuple[str, ...]
    rows: tuple[TableRow, ...]
    footnotes: tuple[str, ...] = ()
    header_groups: tuple[tuple[str, int], ...] = ()  # (label, columns spanned) above the header


@dataclass(frozen=True)
class ItemSection:
    """Items printed together, under a heading row when `heading` is given."""

    heading: str | None
    rows: Sequence[PrePostRow] = field(default_factory=tuple)


def _number(value: float, decimals: int) -> str:
    if math.isnan(value):
        return "NA"
    text = f"{value:.{decimals}f}"
    return text[1:] if text.startswith("-") and float(text) == 0 else text


def mean_sd(mean: float, sd: float, decimals: int = 2) -> str:
    return f"{_number(mean, decimals)} ({_number(sd, decimals)})"


def diff_ci(diff: float, low: float, high: float, decimals: int = 2) -> str:
    """`0.91 (0.48-1.34)`; with a negative bound `0.63 (-0.26 to 1.51)`, as AMA style asks."""
    lo, hi = _number(low, decimals), _number(high, decimals)
    joiner = " to " if lo.startswith("-") or hi.startswith("-") else "-"
    return f"{_number(diff, decimals)} ({lo}{joiner}{hi})"


class _Marks:
    """Hands out one footnote mark per distinct note text, in order of first use."""

    def __init__(self) -> None:
        self.notes: dict[str, str] = {}

    def mark(self, note: str | None) -> str:
        if not note:
            return ""
        if note not in self.notes:
            self.notes[note] = NOTE_MARKS[len(self.notes) % len(NOTE_MARKS)]
        return f" {self.notes[note]}"


def prepost_table(
    title: str,
    sections: Sequence[ItemSection],
    *,
    labels: Mapping[str, str] | None = None,
    notes: Mapping[str, str] | None = None,
    respondents: int | None = None,
    p_style: PStyle = "ama",
    decimals: int = 2,
) -> ManuscriptTable:
    """Seed 002's Tables 1 and 2: item, n, baseline and post mean (SD), difference (95% CI), P.

    `labels` maps item names to the wording printed; `notes` maps an item or a section heading
    to its scale-anchor note ("Scored on a 1-5 Likert scale (1 = ...)"); items sharing a note
    share its mark. `respondents` is everyone who answered the survey, for the n footnote.
    """
    labels, notes, marks = labels or {}, notes or {}, _Marks()
    rows: list[TableRow] = []
    smallest_n = min((r.n for s in sections for r in s.rows), default=0)
    for section in sections:
        if section.heading:
            rows.append(TableRow((section.heading + marks.mark(notes.get(section.heading)),),
                                 section=True))
        for r in section.rows:
            label = labels.get(r.item, r.item) + marks.mark(notes.get(r.item))
            rows.append(TableRow((
                label, str(r.n), mean_sd(r.pre_mean, r.pre_sd, decimals),
                mean_sd(r.post_mean, r.post_sd, decimals),
                diff_ci(r.diff, r.ci_low, r.ci_high, decimals), format_p(r.p, p_style),
            )))
    level = round(100 * sections[0].rows[0].confidence) if sections and sections[0].rows else 95
    if respondents is not None and smallest_n < respondents:
        n_note = (f"*Not all {respondents} respondents answered every item, "
                  f"so n may be <{respondents}.")
    else:
        n_note = "*n = respondents who answered the item at baseline and at follow-up."
    footnotes = [n_note, "†t Test for mean difference using paired data."]
    footnotes += [f"{mark}{text}" for text, mark in marks.notes.items()]
    return ManuscriptTable(
        title=title,
        header=("Survey Item", "n*", "Baseline Mean (SD)", "Post Mean (SD)",
                f"Mean Difference ({level}% CI)", "P Value†"),
        rows=tuple(rows),
        footnotes=tuple(footnotes),
    )


def _total(value: float) -> str:
    # Counts summed as floats may carry rounding noise; a total within 1e-6 of a whole is whole.
    whole = round(value)
    return str(whole) if abs(value - whole) < 1e-6 else _number(value, 1)


def scholarship_table(
    title: str,
    rows: Sequence[ScholarshipRow],
    *,
    period1: str,
    period2: str,
    labels: Mapping[str, str] | None = None,
    person: str = "Mentee",
    p_style: PStyle = "three",
) -> ManuscriptTable:
    """Seed 002's Table 3: totals and mean (SD) per person in two periods, paired t and P.

    P defaults to three digits as the seed prints it; pass `p_style="ama"` for AMA journals.
    """
    labels = labels or {}
    n = rows[0].n if rows else 0
    body = tuple(
        TableRow((
            labels.get(r.metric, r.metric), _total(r.total1), mean_sd(r.mean1, r.sd1, 1),
            _total(r.total2), mean_sd(r.mean2, r.sd2, 1), _number(r.t, 3), format_p(r.p, p_style),
        ))
        for r in rows
    )
    return ManuscriptTable(
        title=title,
        header_groups=(("", 1), (f"Time 1 {period1}", 2), (f"Time 2 {period2}", 2), ("", 2)),
        header=("Scholarship Metric", f"Cohort Total (n = {n})", f"Mean (SD) per {person}",
                f"Cohort Total (n = {n})", f"Mean (SD) per {person}", "Paired t Test", "P Value"),
        rows=body,
        footnotes=("SD = standard deviation.",),
    )


def records_table(rows: Sequence[PrePostRow], title: str = "Paired pre/post comparison") -> (
    ManuscriptTable
):
    """The command line's one-row-per-item columns, numbers kept as numbers."""
    body = tuple(
        TableRow(tuple(
            None if isinstance(v, float) and math.isnan(v) else v
            for v in r.as_record().values()
        ))
        for r in rows
    )
    zero = rows[0].wilcoxon_zero_method if rows else "wilcox"
    return ManuscriptTable(
        title=title,
        header=CSV_COLUMNS,
        rows=body,
        footnotes=(f"Wilcoxon signed-rank test, zero method {zero!r} (scipy).",),
    )
