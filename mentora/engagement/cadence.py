"""Drift, computed without Django: how far a pair is behind the cadence it agreed (or its
program's target), and which escalation step that reaches."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from enum import IntEnum

DAYS_A_YEAR = 365
# A cadence's period in words: the periods a pair may agree (their choices on the agreement,
# mentora.mentorships.models.CadencePeriod, are labelled from here) and the program's year.
PERIOD_WORDS = {
    7: "a week",
    14: "every two weeks",
    30: "a month",
    91: "a term (three months)",
    DAYS_A_YEAR: "a year",
}


def cadence_words(meetings: int, period_days: int) -> str:
    """In words: "once a week", "2 times a month", "4 times a year"."""
    times = "once" if meetings == 1 else f"{meetings} times"
    return f"{times} {PERIOD_WORDS.get(period_days, f'every {period_days} days')}"


class Step(IntEnum):
    ON_CADENCE = 0
    MENTEE = 1  # the mentee is reminded
    MENTOR = 2  # then the mentor
    COORDINATOR = 3  # then the pair is flagged to the program's coordinators


STEP_LABELS = {
    Step.ON_CADENCE: "",
    Step.MENTEE: "Mentee reminded",
    Step.MENTOR: "Mentor reminded",
    Step.COORDINATOR: "Flagged to coordinators",
}


@dataclass(frozen=True)
class Cadence:
    meetings: int
    period_days: int
    agreed: bool  # from the pair's agreement, not the program's target

    @property
    def interval_days(self) -> float:
        return self.period_days / max(1, self.meetings)

    def words(self) -> str:
        return cadence_words(self.meetings, self.period_days)

    def describe(self) -> str:
        return self.words() + (" (agreed)" if self.agreed else " (program target)")


def cadence_of(
    agreed_meetings: int | None, agreed_period_days: int | None, meetings_per_year_target: int
) -> Cadence:
    """The pair's agreed cadence where its agreement states one, else the program's target."""
    if agreed_meetings and agreed_period_days:
        return Cadence(agreed_meetings, agreed_period_days, agreed=True)
    return Cadence(max(1, meetings_per_year_target), DAYS_A_YEAR, agreed=False)


@dataclass(frozen=True)
class Steps:
    """Days behind cadence at which each step fires (in order)."""

    mentee: int = 7
    mentor: int = 21
    coordinator: int = 42


@dataclass(frozen=True)
class Standing:
    since: date  # the last contact, or the pair's start before any
    days_quiet: int
    days_behind: int  # 0 when on cadence
    step: Step


def standing(
    today: date, started_on: date, last_met: date | None, cadence: Cadence, steps: Steps
) -> Standing:
    """Where a pair stands on `today`: quiet since its last held meeting (or its start), behind
    by the days past one cadence interval, and the furthest escalation step that reaches."""
    since = max(last_met, started_on) if last_met else started_on
    quiet = max(0, (today - since).days)
    behind = max(0, math.floor(quiet - cadence.interval_days))
    step = Step.ON_CADENCE
    if behind > 0:
        for threshold, reached in (
            (steps.mentee, Step.MENTEE),
            (steps.mentor, Step.MENTOR),
            (steps.coordinator, Step.COORDINATOR),
        ):
            if behind >= threshold:
                step = reached
    return Standing(since, quiet, behind, step)
