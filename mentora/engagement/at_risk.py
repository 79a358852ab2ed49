"""A cohort's pairs behind their cadence or with a low pulse check, for its coordinators: names,
cadence, last contact, days behind, the escalation step reached and a low pulse's flag; never
what a note says, nor the pulse's answer itself."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, Exists, OuterRef, QuerySet

from mentora.engagement.cadence import STEP_LABELS, Step
from mentora.engagement.drift import PairDrift, drift_of
from mentora.engagement.models import DriftFlag, Pulse
from mentora.engagement.pulse import low_pulses
from mentora.mentorships.models import Meeting, Mentorship
from mentora.programs.models import Cohort, Program

# ?sort= value -> its column
SORTS = {
    "behind": "Days behind",
    "last": "Last contact",
    "mentee": "Mentee",
    "mentor": "Mentor",
    "step": "Step reached",
    "pulse": "Pulse",
}


@dataclass(frozen=True)
class AtRiskRow:
    drift: PairDrift
    low_pulse: Pulse | None = field(default=None)  # its latest answered pulse, when low

    @property
    def pair(self) -> Mentorship:
        return self.drift.pair

    @property
    def step_label(self) -> str:
        if self.drift.flagged:
            return STEP_LABELS[Step.COORDINATOR]
        return STEP_LABELS[self.drift.standing.step]


def at_risk_rows(cohort: Cohort, today: date, sort: str) -> list[AtRiskRow]:
    pairs = (
        cohort.mentorships.filter(status=Mentorship.Status.ACTIVE)
        .select_related("cohort__program", "agreement", "mentor", "mentee")
        .order_by("mentee__full_name", "pk")
    )
    drifts = drift_of(pairs, today)
    low = low_pulses(d.pair.pk for d in drifts)
    rows = [
        AtRiskRow(d, low.get(d.pair.pk))
        for d in drifts
        if d.standing.days_behind > 0 or d.pair.pk in low
    ]
    keys: dict[str, Callable[[AtRiskRow], Any]] = {
        "behind": lambda r: (-r.drift.standing.days_behind, r.pair.mentee.full_name),
        "last": lambda r: (r.drift.standing.since, r.pair.mentee.full_name),
        "mentee": lambda r: (r.pair.mentee.full_name.casefold(), r.pair.pk),
        "mentor": lambda r: (r.pair.mentor.full_name.casefold(), r.pair.pk),
        "step": lambda r: (-int(r.drift.standing.step), -r.drift.standing.days_behind),
        "pulse": lambda r: (r.low_pulse is None, -r.drift.standing.days_behind),
    }
    return sorted(rows, key=keys[sort])


@dataclass(frozen=True)
class FlaggedCohort:
    cohort_id: int
    cohort_name: str
    pairs: int


def flagged_cohorts(programs: QuerySet[Program]) -> list[FlaggedCohort]:
    """For a coordinator's home, in one query: each of their cohorts with active pairs flagged
    to them behind their cadence and not met since (a meeting held after a flag's quiet spell
    began ends it, as the at-risk list reads it), most first."""
    met_since = Meeting.objects.filter(
        mentorships=OuterRef("mentorship_id"), status=Meeting.Status.HELD, on__gt=OuterRef("since")
    )
    rows = (
        DriftFlag.objects.filter(
            mentorship__status=Mentorship.Status.ACTIVE, mentorship__cohort__program__in=programs
        )
        .exclude(Exists(met_since))
        .values("mentorship__cohort_id", "mentorship__cohort__name")
        .annotate(pairs=Count("mentorship", distinct=True))
        .order_by("-pairs", "mentorship__cohort__name")
    )
    return [
        FlaggedCohort(row["mentorship__cohort_id"], row["mentorship__cohort__name"], row["pairs"])
        for row in rows
    ]
