"""The report's manuscript tables as files: DOCX and XLSX hold every table, CSV one table.

Seed 002's Tables 1 to 3 (survey, scholarship) come first, in their numbering; then every other
section of the page that has figures, in the page's order: the engagement summary, event
attendance, participation by month and by weeks since each person's start, participation by
block, the topics discussed, what mentors gained, the equity breakdowns (sponsorship among
them) and the perceptions of the program. Those tables (`engagement_tables`, `section_tables`)
are built from the same figures the page shows, suppressed as it suppresses them, so a download
never reveals a cell the page hides.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from functools import partial

from mentora.evaluation import engagement_tables as engaged
from mentora.evaluation.engagement_figures import months_figure, weeks_figure
from mentora.evaluation.prepost_figures import intervals, prepost_figure
from mentora.evaluation.pure.figures import CaptionedFigure
from mentora.evaluation.reports import CohortReport
from mentora.evaluation.section_tables import (
    attendance_table,
    blocks_table,
    equity_table,
    growth_table,
    perceptions_table,
)
from mentora.evaluation.stats import CSV_COLUMNS, ManuscriptTable
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


Section = tuple[Callable[[int], ManuscriptTable], Callable[[int, int], CaptionedFigure] | None]


def _sections(report: CohortReport) -> list[Section]:
    """The tables after seed 002's, each with the figure the DOCX draws from it if any (given
    the table's number and its own)."""
    e = report.engagement
    sections: list[Section] = [(partial(engaged.summary_table, e), None)]
    if report.attendance is not None and report.attendance.rows:
        sections.append((partial(attendance_table, report.attendance), None))
    if e.months:
        sections.append((partial(engaged.months_table, e), partial(months_figure, e)))
    if e.weeks:
        sections.append((partial(engaged.weeks_table, e), partial(weeks_figure, e)))
    if report.blocks is not None:
        sections.append((partial(blocks_table, report.blocks), None))
    if e.topics:
        sections.append((partial(engaged.topics_table, e), None))
    if report.mentor_growth is not None:
        sections.append((partial(growth_table, report.mentor_growth), None))
    if report.equity:
        threshold = report.options.threshold
        sections.append((partial(equity_table, report.equity, threshold=threshold), None))
    if report.agreements or report.options_chosen:
        sections.append(
            (partial(perceptions_table, report.agreements, report.options_chosen), None)
        )
    return sections


def _last_seed_table(report: CohortReport) -> int:
    """The number of seed 002's last table: Table 3 when there is scholarship, even without
    survey tables."""
    count = len(report.manuscript_tables)
    return max(count, 3) if report.scholarship is not None else count


def all_tables(report: CohortReport) -> list[ManuscriptTable]:
    """Every table of the downloads, in order; a section without figures has no table, and the
    tables after seed 002's are numbered on from its last, one by one."""
    tables = report.manuscript_tables
    last = _last_seed_table(report)
    tables.extend(table(last + k) for k, (table, _) in enumerate(_sections(report), start=1))
    return tables


def docx_figures(report: CohortReport) -> dict[int, list[CaptionedFigure]]:
    """The figures the DOCX draws, by the position (from 0) of the table they follow, numbered
    from 1 in the document's order: each instrument's pre/post forest plot after its last table
    (Tables 1-2), then the engagement figures after theirs."""
    makers: list[tuple[int, Callable[[int], CaptionedFigure]]] = []
    position = 0
    for c in report.comparisons:
        position += len(c.tables)
        if c.tables and intervals(c):
            names = [_name(t, position - len(c.tables) + k) for k, t in enumerate(c.tables, 1)]
            makers.append((position - 1, partial(prepost_figure, c, names)))
    first, last = len(report.manuscript_tables), _last_seed_table(report)
    for k, (_, figure) in enumerate(_sections(report)):
        if figure is not None:
            makers.append((first + k, partial(figure, last + k + 1)))
    found: dict[int, list[CaptionedFigure]] = {}
    for number, (after, make) in enumerate(makers, start=1):
        found.setdefault(after, []).append(make(number))
    return found


def downloads(tables: list[ManuscriptTable]) -> list[tuple[int, str]]:
    """Each table's position (what its CSV's address takes) and its own name ("Table 4"), which
    differ when there is scholarship without survey tables (its table is the seed's Table 3)."""
    return [(position, _name(table, position)) for position, table in enumerate(tables, start=1)]


def _name(table: ManuscriptTable, position: int) -> str:
    words = table.title.split()
    return " ".join(words[:2]) if len(words) > 1 and words[0] == "Table" else f"Table {position}"


def render(report: CohortReport, fmt: str, table: int | None = None) -> bytes:
    """The file's bytes; CSV takes the table's position (1 = first), others take them all."""
    tables = all_tables(report)
    if fmt == "csv":
        text = io.StringIO()
        write_csv(tables[(table or 1) - 1], text, notes=True)
        return text.getvalue().encode("utf-8")
    buffer = io.BytesIO()
    if fmt == "docx":
        write_docx(tables, buffer, docx_figures(report))
    else:
        write_xlsx(tables, buffer)
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
