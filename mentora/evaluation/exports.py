"""The report's manuscript tables as files: DOCX and XLSX hold every table, CSV one table.

The equity breakdowns travel as one more table, built from the same suppressed figures the page
shows, so a download never reveals a cell the page hides.
"""

from __future__ import annotations

import io

from mentora.evaluation.reports import CohortReport
from mentora.evaluation.reports.equity import Breakdown, GroupFigure
from mentora.evaluation.stats import CSV_COLUMNS, ManuscriptTable, TableRow
from mentora.evaluation.stats.tables_export import (
    write_csv,
    write_docx,
    write_records_csv,
    write_xlsx,
)

# prepost.csv: the instrument and its two waves, then `mentora stats prepost`'s columns.
PREPOST_COLUMNS = ("instrument", "pre", "post", *CSV_COLUMNS)

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


def figure_text(figure: GroupFigure, kind: str) -> tuple[str, str, str]:
    """(n, value, 95% CI) as printed; suppressed cells print an asterisk."""
    n = "*" if figure.n is None else str(figure.n)
    if figure.value is None:
        return n, "*", ""
    if kind == "share":
        value = f"{figure.count} ({100 * figure.value:.0f}%)"
        ci = _ci(figure, 100, 0, "%")
    else:
        value = f"{figure.value:.2f}"
        ci = _ci(figure, 1, 2, "")
    return n, value, ci


def _ci(figure: GroupFigure, scale: float, decimals: int, unit: str) -> str:
    if figure.ci_low is None or figure.ci_high is None:
        return ""
    low, high = scale * figure.ci_low, scale * figure.ci_high
    joiner = " to " if low < 0 or high < 0 else "-"
    return f"{low:.{decimals}f}{joiner}{high:.{decimals}f}{unit}"


def equity_table(breakdowns: tuple[Breakdown, ...], number: int, threshold: int) -> ManuscriptTable:
    rows: list[TableRow] = []
    current = ""
    for b in breakdowns:
        if b.measure != current:
            current = b.measure
            rows.append(TableRow((b.label,), section=True))
        for figure in (*b.groups, b.overall):
            rows.append(TableRow((f"{b.dimension}: {figure.group}", *figure_text(figure, b.kind))))
    return ManuscriptTable(
        title=f"Table {number} Mentoring Measures by Gender and Underrepresented Status",
        header=("Measure and Group", "n", "Mean or Count (%)", "95% CI"),
        rows=tuple(rows),
        footnotes=(
            f"*Suppressed: fewer than {threshold} people, or a cell that would let a suppressed "
            "one be worked out from the totals.",
            "CI: t interval for means; Wilson score interval for shares.",
        ),
    )


def all_tables(report: CohortReport) -> list[ManuscriptTable]:
    tables = report.manuscript_tables
    if report.equity:
        tables.append(equity_table(report.equity, len(tables) + 1, report.options.threshold))
    return tables


def render(report: CohortReport, fmt: str, table: int | None = None) -> bytes:
    """The file's bytes; CSV takes the table's position (1 = first), others take them all."""
    tables = all_tables(report)
    if fmt == "csv":
        text = io.StringIO()
        write_csv(tables[(table or 1) - 1], text, notes=True)
        return text.getvalue().encode("utf-8")
    buffer = io.BytesIO()
    (write_docx if fmt == "docx" else write_xlsx)(tables, buffer)
    return buffer.getvalue()


def prepost_csv(report: CohortReport) -> bytes:
    """Every item of the report's pre/post tables, one row per instrument and item, with the
    same figures (those nobody answered at both waves are not in the tables, nor here)."""
    text = io.StringIO()
    records = (
        {"instrument": c.instrument, "pre": c.pre, "post": c.post, **row.as_record()}
        for c in report.comparisons for row in c.rows if row.n > 0
    )
    write_records_csv(records, PREPOST_COLUMNS, text)
    return text.getvalue().encode("utf-8")
