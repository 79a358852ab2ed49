"""The MENTOR checklist of seed 001, computed from what has happened in a relationship.

Match: the relationship is active. Expectations: the written agreement is signed by both.
Needs: an IDP shared with the mentor, or at least one goal. Timing: meetings held keep pace
with the program's yearly target. Observe: observations or feedback recorded. Review: a review
meeting or an IDP review within the program's review period.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from mentora.core.text import plural
from mentora.mentorships.pure.errors import RelationshipRuleError

STEPS = ("Match", "Expectations", "Needs", "Timing", "Observe", "Review")
DAYS_A_YEAR = 365.25


class ItemState(StrEnum):
    DONE = "done"
    ATTENTION = "attention"  # started but short: one signature, one meeting behind
    MISSING = "missing"
    NOT_DUE = "not_due"  # too early in the relationship to expect it


@dataclass(frozen=True)
class RelationshipFacts:
    """What happened in one relationship, up to `today`."""

    today: date
    active: bool
    started_on: date | None
    ended_on: date | None = None
    mentor_signed: bool = False
    mentee_signed: bool = False
    idp_shared: bool = False
    goals: int = 0
    meetings_held: list[date] = field(default_factory=list)
    meetings_per_year_target: int = 4
    observations: int = 0
    reviews: list[date] = field(default_factory=list)
    review_period_days: int = 180


@dataclass(frozen=True)
class ChecklistItem:
    step: str
    state: ItemState
    detail: str


@dataclass(frozen=True)
class Checklist:
    items: tuple[ChecklistItem, ...]

    @property
    def done(self) -> int:
        return sum(item.state == ItemState.DONE for item in self.items)

    @property
    def due(self) -> int:
        """Steps that can be expected by now; a step not yet due counts neither way."""
        return sum(item.state != ItemState.NOT_DUE for item in self.items)

    @property
    def completeness(self) -> float:
        return self.done / self.due if self.due else 1.0

    def state_of(self, step: str) -> ItemState:
        return next(item.state for item in self.items if item.step == step)


def _check(facts: RelationshipFacts) -> None:
    if facts.meetings_per_year_target < 1:
        raise RelationshipRuleError(
            f"meetings_per_year_target: must be 1 or more, got {facts.meetings_per_year_target}"
        )
    if facts.review_period_days < 1:
        raise RelationshipRuleError(
            f"review_period_days: must be 1 or more, got {facts.review_period_days}"
        )
    late = [d for d in facts.meetings_held if d > facts.today]
    if late:
        raise RelationshipRuleError(f"meetings_held: {late[0]} is after today ({facts.today})")


def counting_end(facts: RelationshipFacts) -> date:
    """The last day the relationship's figures count: today, or the day it ended."""
    return min(facts.today, facts.ended_on) if facts.ended_on else facts.today


def elapsed_days(facts: RelationshipFacts) -> int:
    if facts.started_on is None:
        return 0
    return max(0, (counting_end(facts) - facts.started_on).days)


def expected_meetings(facts: RelationshipFacts) -> int:
    """Meetings a pair on cadence would have held by now (whole meetings, rounded down)."""
    return math.floor(facts.meetings_per_year_target * elapsed_days(facts) / DAYS_A_YEAR)


def _match(facts: RelationshipFacts) -> ChecklistItem:
    if facts.active:
        return ChecklistItem("Match", ItemState.DONE, "Matched and active")
    return ChecklistItem("Match", ItemState.MISSING, "Not an active relationship")


def _expectations(facts: RelationshipFacts) -> ChecklistItem:
    signed = facts.mentor_signed + facts.mentee_signed
    if signed == 2:
        return ChecklistItem("Expectations", ItemState.DONE, "Agreement signed by both")
    if signed == 1:
        return ChecklistItem("Expectations", ItemState.ATTENTION, "Signed by one of the pair")
    return ChecklistItem("Expectations", ItemState.MISSING, "No signed agreement")


def _needs(facts: RelationshipFacts) -> ChecklistItem:
    if facts.idp_shared or facts.goals:
        what = "IDP shared" if facts.idp_shared else plural(facts.goals, "goal", "goals")
        return ChecklistItem("Needs", ItemState.DONE, what)
    return ChecklistItem("Needs", ItemState.MISSING, "No IDP shared and no goal")


def _timing(facts: RelationshipFacts) -> ChecklistItem:
    held, expected = len(facts.meetings_held), expected_meetings(facts)
    interval = DAYS_A_YEAR / facts.meetings_per_year_target
    since = max(facts.meetings_held, default=facts.started_on)
    quiet = (facts.today - since).days if since else 0
    detail = f"{held} held, {expected} expected by now"
    if expected == 0 and held == 0:
        return ChecklistItem("Timing", ItemState.NOT_DUE, "First meeting not yet due")
    if quiet > 2 * interval and facts.active:
        return ChecklistItem("Timing", ItemState.MISSING, f"{detail}; drifting: {quiet} days quiet")
    if held >= expected:
        return ChecklistItem("Timing", ItemState.DONE, detail)
    state = ItemState.ATTENTION if held == expected - 1 else ItemState.MISSING
    return ChecklistItem("Timing", state, detail)


def _observe(facts: RelationshipFacts) -> ChecklistItem:
    if facts.observations:
        return ChecklistItem("Observe", ItemState.DONE, f"{facts.observations} recorded")
    if expected_meetings(facts) == 0:
        return ChecklistItem("Observe", ItemState.NOT_DUE, "Nothing observed yet")
    return ChecklistItem("Observe", ItemState.MISSING, "No observation or feedback recorded")


def _review(facts: RelationshipFacts) -> ChecklistItem:
    last = max((d for d in facts.reviews if d <= facts.today), default=None)
    period = facts.review_period_days
    if last is not None and (facts.today - last).days <= period:
        return ChecklistItem("Review", ItemState.DONE, f"Reviewed on {last.isoformat()}")
    if last is None and elapsed_days(facts) <= period:
        return ChecklistItem("Review", ItemState.NOT_DUE, f"First review due within {period} days")
    return ChecklistItem("Review", ItemState.MISSING, f"No review in the last {period} days")


def mentor_checklist(facts: RelationshipFacts) -> Checklist:
    """The six MENTOR steps, each done, needing attention, missing or not yet due."""
    _check(facts)
    return Checklist(
        (
            _match(facts),
            _expectations(facts),
            _needs(facts),
            _timing(facts),
            _observe(facts),
            _review(facts),
        )
    )
