"""From a cohort and the query string to the report and what its page draws."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.safestring import SafeString

from mentora.core import thresholds
from mentora.evaluation.charts import Interval, bar_chart, interval_chart
from mentora.evaluation.prepost_figures import intervals
from mentora.evaluation.reports import CohortReport, ReportOptions, compute_report
from mentora.evaluation.reports.equity import Breakdown
from mentora.evaluation.reports.options import OptionError, parse_options
from mentora.evaluation.section_tables import block_cells, figure_text
from mentora.evaluation.sources import load_cohort
from mentora.programs.models import Cohort


def options_for(cohort: Cohort, query: Mapping[str, str]) -> tuple[ReportOptions, str]:
    """The options asked for, or the defaults with the reason the request was refused."""
    limits = {"internal": thresholds.internal(), "publication": thresholds.publication(),
              "this_year": timezone.localdate().year}
    try:
        return parse_options(query, cohort.starts_on.year, **limits), ""
    except OptionError as problem:
        return parse_options({}, cohort.starts_on.year, **limits), str(problem)


def cohort_report(cohort: Cohort, options: ReportOptions) -> CohortReport:
    return compute_report(load_cohort(cohort), options)


@dataclass(frozen=True)
class EquityView:
    breakdown: Breakdown
    rows: list[tuple[str, str, str, str]]  # group, n, value, CI
    chart: SafeString | None
    hidden: list[str]


def _equity_view(b: Breakdown, index: int) -> EquityView:
    rows = [(f.group, *figure_text(f, b.kind)) for f in (*b.groups, b.overall)]
    hidden = [f.group for f in b.groups if f.hidden]
    scale = 100.0 if b.kind == "share" else 1.0
    shown = [
        Interval(f.group, scale * f.value, _scaled(f.ci_low, scale), _scaled(f.ci_high, scale))
        for f in (*b.groups, b.overall) if f.value is not None
    ]
    unit = " (%)" if b.kind == "share" else ""
    chart = interval_chart(f"{b.label}{unit} by {b.dimension.lower()}, with 95% CIs", shown,
                           f"equity-{index}", zero_line=False, label_width=210) if shown else None
    return EquityView(b, rows, chart, hidden)


def _scaled(value: float | None, scale: float) -> float | None:
    return None if value is None else value * scale


def report_context(report: CohortReport) -> dict[str, Any]:
    e = report.engagement
    participation = bar_chart(
        "Mentees meeting their mentors, by month",
        # A span longer than a year (meetings past the cohort's end) would show "Jul" twice.
        [m.month.strftime("%b" if len(e.months) <= 12 else "%b %y") for m in e.months],
        [m.participants for m in e.months],
        "participation",
    ) if e.months else None
    weeks = bar_chart(
        "Share of mentees meeting their mentors, by weeks since their own start (%)",
        [f"{w.first_week}-{w.last_week}" for w in e.weeks],
        [round(100 * (w.share or 0)) for w in e.weeks],
        "participation-weeks",
    ) if e.weeks else None
    forests = [
        interval_chart(f"Mean difference, {c.post} minus {c.pre}, with 95% CIs", intervals(c),
                       f"forest-{i}")
        for i, c in enumerate(report.comparisons)
    ]
    return {
        "report": report,
        "engagement": e,
        "participation_chart": participation,
        "weeks_chart": weeks,
        "comparisons": list(zip(report.comparisons, forests, strict=True)),
        "equity": [_equity_view(b, i) for i, b in enumerate(report.equity)],
        "tables": report.manuscript_tables,
        "blocks": report.blocks,
        "block_rows": [(b, block_cells(b)) for b in report.blocks.rows] if report.blocks else [],
    }
