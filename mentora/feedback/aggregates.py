"""A cohort's observations as aggregates (issue 14, Access): coordinators see counts; the
evaluators see, unless the program's feedback is formative only, each domain's mean and its
bands, small groups suppressed like every report. Nobody sees an observation here."""

from __future__ import annotations

from dataclasses import dataclass
from math import sqrt

from django.db.models import Avg, Count, F, Q, Sum

from mentora.evaluation.stats.suppression import INTERNAL_THRESHOLD, SuppressedTable, suppress_table
from mentora.feedback.firewall import summative, with_assessor_flag
from mentora.feedback.models import MiniCex, ProcedureEntry
from mentora.feedback.pure.minicex import DOMAINS
from mentora.programs.models import Cohort

# The mini-CEX bands as rating ranges (mentora.feedback.pure.minicex.band says the same).
BANDS = {"unsatisfactory": (1, 3), "satisfactory": (4, 6), "superior": (7, 9)}


def _round(value: float | None) -> float | None:
    return None if value is None else round(float(value), 2)


def _sd(n: int, mean: float | None, squares: int | None) -> float | None:
    """The sample standard deviation from n, the mean and the sum of squares (SQLite's own
    fails below two values, so it is not asked for)."""
    if n < 2 or mean is None or squares is None:
        return None
    return round(sqrt(max(0.0, (squares - n * float(mean) ** 2) / (n - 1))), 2)


@dataclass(frozen=True)
class DomainSummary:
    label: str
    n: int
    mean: float | None
    sd: float | None


@dataclass
class CohortObservations:
    observations: int
    acknowledged: int
    by_assessor: int  # entered by a summative assessor of the program (flagged)
    learners: int  # learners observed at least once
    procedures: int  # confirmed procedures
    domains: list[DomainSummary] | None = None  # the evaluators' view only
    bands: SuppressedTable | None = None
    hidden_reason: str = ""


def counts(cohort: Cohort) -> CohortObservations:
    """What the cohort's coordinators see: counts, no ratings, no names."""
    found = with_assessor_flag(MiniCex.objects.filter(mentorship__cohort=cohort)).aggregate(
        n=Count("pk"), acknowledged=Count("pk", filter=Q(acknowledged_at__isnull=False)),
        flagged=Count("pk", filter=Q(by_assessor=True)),
        learners=Count("learner", distinct=True),
    )
    return CohortObservations(
        observations=found["n"], acknowledged=found["acknowledged"],
        by_assessor=found["flagged"], learners=found["learners"],
        procedures=ProcedureEntry.objects.filter(mentorship__cohort=cohort,
                                                 confirmed_at__isnull=False).count(),
    )


def for_evaluators(cohort: Cohort) -> CohortObservations:
    """Counts and each domain's mean and bands, of a program that is not formative only."""
    summary = counts(cohort)
    found = summative(MiniCex.objects.filter(mentorship__cohort=cohort)).aggregate(**{
        f"{code}_{what}": function
        for code, _ in DOMAINS
        for what, function in (
            ("n", Count(code)), ("mean", Avg(code)), ("squares", Sum(F(code) * F(code))),
            *((b, Count("pk", filter=Q(**{f"{code}__gte": low, f"{code}__lte": high})))
              for b, (low, high) in BANDS.items()),
        )
    })
    summary.domains = []
    tally = []
    for code, label in DOMAINS:
        n = found[f"{code}_n"]
        shown = n >= INTERNAL_THRESHOLD  # a mean of a few ratings is theirs
        summary.domains.append(DomainSummary(
            label, n, _round(found[f"{code}_mean"]) if shown else None,
            _sd(n, found[f"{code}_mean"], found[f"{code}_squares"]) if shown else None))
        tally.append([found[f"{code}_{b}"] for b in BANDS])
    summary.bands = suppress_table(tally, threshold=INTERNAL_THRESHOLD,
                                   row_labels=[label for _, label in DOMAINS],
                                   col_labels=list(BANDS))
    if summary.learners < INTERNAL_THRESHOLD:  # read anyway: the page costs the same
        summary.domains, summary.bands = None, None
        summary.hidden_reason = (
            f"Fewer than {INTERNAL_THRESHOLD} learners observed: ratings are not shown.")
    return summary
