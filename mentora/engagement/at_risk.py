"""A cohort's pairs behind their cadence or with a low pulse check, for its coordinators: names,
cadence, last contact, days behind, the escalation step reached and a low pulse's flag; never
what a note says, nor the pulse's answer itself."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from mentora.engagement.cadence import STEP_LABELS, Step
from mentora.engagement.drift import PairDrift, drift_of
from mentora.engagement.models import Pulse
from mentora.engagement.pulse import low_pulses
from mentora.mentorships.models import Mentorship
from mentora.programs.models import Cohort

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
