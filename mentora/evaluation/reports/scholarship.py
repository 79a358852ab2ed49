"""Seed 002's Table 3 from a cohort's scholarly entries: every mentee counts, zeros included."""

from __future__ import annotations

from dataclasses import dataclass

from mentora.evaluation.reports.data import CohortData
from mentora.evaluation.reports.options import ReportOptions, period_text
from mentora.evaluation.stats import (
    ManuscriptTable,
    ScholarshipRow,
    count_by_period,
    scholarly_output,
    scholarship_table,
)

KINDS = ("publication", "presentation", "grant")
LABELS = {
    "publication": "Peer-reviewed publications",
    "presentation": "National presentations",
    "grant": "Principal Investigator or Co-Investigator on grant",
}


@dataclass(frozen=True)
class Scholarship:
    entries: int
    rows: tuple[ScholarshipRow, ...]
    table: ManuscriptTable


def scholarship(data: CohortData, options: ReportOptions, number: int = 3) -> Scholarship | None:
    people = data.mentees
    if not people:
        return None
    entries = data.scholarship[data.scholarship["person"].isin(people)]
    if entries.empty:
        return None
    first = count_by_period(entries, people, options.period1, KINDS)
    second = count_by_period(entries, people, options.period2, KINDS)
    rows = scholarly_output(first, second, KINDS)
    table = scholarship_table(
        f"Table {number} Growth in Scholarly Activity from Before to After the Program "
        f"(Launch Year = {data.launch_year})",
        rows,
        period1=period_text(options.period1),
        period2=period_text(options.period2),
        labels=LABELS,
        p_style=options.p_style,
    )
    return Scholarship(len(entries), tuple(rows), table)
