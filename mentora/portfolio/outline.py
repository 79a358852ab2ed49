"""The portfolio as plain values (no queries): what the DOCX, the PDF and the page lay out,
with its tables as headings and rows of text, so that both files say the same."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from mentora.portfolio.pure.tables import DomainSeries, ProcedureRow

Table = tuple[tuple[str, ...], Sequence[tuple[str, ...]]]  # headings, rows


def _day(day: date | None) -> str:
    return day.isoformat() if day else "-"


@dataclass(frozen=True)
class GoalLine:
    text: str
    measure: str
    achieved_on: date | None
    program: str
    competencies: tuple[str, ...]


@dataclass(frozen=True)
class ProcedureLine:
    performed_on: date
    procedure: str
    level: str
    supervisor: str
    confirmed_on: date


@dataclass(frozen=True)
class ObservationLine:
    observed_on: date
    observer: str
    setting: str
    patient_problem: str
    complexity: str
    ratings: tuple[tuple[str, int | None, str], ...]
    strengths: str
    next_step: str
    reflection: str
    by_assessor: bool = False  # entered by a summative assessor of the program (the firewall)

    @property
    def heading(self) -> str:
        return f"Mini-CEX of {self.observed_on.isoformat()}: {self.patient_problem}"

    @property
    def byline(self) -> str:
        line = (f"Observed by {self.observer} · {self.setting}"
                f" · complexity {self.complexity.lower()}")
        if self.by_assessor:
            line += f" · {self.observer} is also a summative assessor in this program"
        return line

    def rating_table(self) -> Table:
        rows = [
            (label, "-" if value is None else str(value), band)
            for label, value, band in self.ratings
        ]
        return ("Domain", "Rating", "Band"), rows


@dataclass(frozen=True)
class ReflectionLine:
    on: date
    learned: str
    next_actions: str


@dataclass(frozen=True)
class Portfolio:
    """One learner's portfolio; `level_labels` name the procedure levels, in order."""

    learner: str
    stage: str
    programs: tuple[str, ...]
    made_on: date
    goals: tuple[GoalLine, ...]
    procedure_table: tuple[ProcedureRow, ...]
    procedures: tuple[ProcedureLine, ...]
    series: DomainSeries
    observation_count: int
    observations: tuple[ObservationLine, ...]
    reflections: tuple[ReflectionLine, ...]
    level_labels: tuple[str, ...]

    @property
    def title(self) -> str:
        return f"Learning portfolio: {self.learner}"

    def goal_table(self) -> Table:
        rows = [
            (g.text, g.measure, _day(g.achieved_on), g.program, "; ".join(g.competencies) or "-")
            for g in self.goals
        ]
        return ("Goal", "Measure", "Achieved on", "Program", "Competencies"), rows

    def count_table(self) -> Table:
        """Confirmed procedures counted by level."""
        rows = [
            (row.procedure, *(str(n) for n in row.counts), str(row.total))
            for row in self.procedure_table
        ]
        return ("Procedure", *self.level_labels, "Total"), rows

    def log_table(self) -> Table:
        rows = [
            (p.performed_on.isoformat(), p.procedure, p.level, p.supervisor)
            for p in self.procedures
        ]
        return ("Date", "Procedure", "Level", "Confirmed by"), rows

    def procedures_intro(self) -> str:
        return (
            f"{len(self.procedures)} confirmed procedures, each confirmed by the supervisor "
            "named in the log."
        )

    def chart_intro(self) -> str:
        days = self.series.days
        return (
            f"{self.observation_count} mini-CEX observations from {days[0].isoformat()} to "
            f"{days[-1].isoformat()}, rated 1-9 (1-3 unsatisfactory, 4-6 satisfactory, 7-9 "
            "superior)."
        )

    def facts(self) -> list[tuple[str, str]]:
        return [
            ("Name", self.learner),
            ("Career stage", self.stage),
            ("Programs", "; ".join(self.programs) or "-"),
            ("Prepared on", self.made_on.isoformat()),
        ]

    def chart_summary(self) -> list[str]:
        """The chart in words, one line a domain: first and latest rating, with their days."""
        return [
            f"{label}: {_rating(first)} on {first_day.isoformat()}, "
            f"{_rating(latest)} on {latest_day.isoformat()}"
            for label, (first_day, first), (latest_day, latest) in self.series.first_and_latest()
        ]


def _rating(value: float) -> str:
    return f"{value:g}" if value == int(value) else f"{value:.1f}"
