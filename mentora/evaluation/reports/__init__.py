"""A cohort's evaluation report, computed from plain frames (`CohortData`); no Django here.

`compute_report` is the core path the benchmark measures; `mentora.evaluation.sources`
fills the frames from the database.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from mentora.evaluation.reports.attendance import Attendance, attendance
from mentora.evaluation.reports.blocks import Blocks, by_block
from mentora.evaluation.reports.data import CohortData, encoded_answers
from mentora.evaluation.reports.engagement import Engagement, engagement
from mentora.evaluation.reports.equity import Breakdown, equity
from mentora.evaluation.reports.growth import MentorGrowth, mentor_growth
from mentora.evaluation.reports.options import ReportOptions
from mentora.evaluation.reports.perceptions import Agreement, OptionCounts, perceptions
from mentora.evaluation.reports.scholarship import Scholarship, scholarship
from mentora.evaluation.reports.surveys import Comparison, comparisons
from mentora.evaluation.stats import ManuscriptTable

__all__ = ["CohortData", "CohortReport", "ReportOptions", "compute_report"]


@dataclass(frozen=True)
class CohortReport:
    name: str
    options: ReportOptions
    engagement: Engagement
    comparisons: tuple[Comparison, ...]
    scholarship: Scholarship | None
    equity: tuple[Breakdown, ...]
    agreements: tuple[Agreement, ...]
    options_chosen: tuple[OptionCounts, ...]
    mentor_growth: MentorGrowth | None = None
    attendance: Attendance | None = None  # events and training, by kind
    blocks: Blocks | None = None  # participation by rotation block

    @property
    def manuscript_tables(self) -> list[ManuscriptTable]:
        """Tables 1 and 2 (survey), Table 3 (scholarship), in the seed's numbering."""
        tables = [t for c in self.comparisons for t in c.tables]
        if self.scholarship is not None:
            tables.append(self.scholarship.table)
        return tables


def compute_report(
    data: CohortData, options: ReportOptions, wilcoxon: bool = False
) -> CohortReport:
    """The report; `wilcoxon` adds the signed-rank P to each pre/post row (the command line's
    prepost.csv), which the page never shows and which changes no other figure."""
    data = replace(data, answers=encoded_answers(data.answers))
    found = comparisons(data, options.p_style, wilcoxon)
    number = 1 + sum(len(c.tables) for c in found)
    agreements, chosen = perceptions(data)
    return CohortReport(
        name=data.name,
        options=options,
        engagement=engagement(data, options.min_meetings),
        comparisons=tuple(found),
        scholarship=scholarship(data, options, max(number, 3)),
        equity=tuple(equity(data, options.threshold)),
        agreements=tuple(agreements),
        options_chosen=tuple(chosen),
        mentor_growth=mentor_growth(data, options.threshold),
        attendance=attendance(data, options.threshold),
        blocks=by_block(data, options.threshold),
    )
