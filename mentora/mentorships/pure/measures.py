"""Process measures of seed 001 (meeting frequency, feedback entries, completed actions, goals)
per relationship and summed over a cohort. Counts and states only: nothing here holds content.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from mentora.mentorships.pure.checklist import (
    STEPS,
    Checklist,
    ItemState,
    RelationshipFacts,
    counting_end,
    expected_meetings,
    mentor_checklist,
)
from mentora.mentorships.pure.errors import RelationshipRuleError


@dataclass(frozen=True)
class ActivityCounts:
    feedback_entries: int = 0
    action_items_done: int = 0
    action_items: int = 0
    goals_achieved: int = 0
    goals: int = 0


@dataclass(frozen=True)
class RelationshipMeasures:
    active: bool
    meetings_held: int
    meetings_expected: int
    feedback_entries: int
    action_items_done: int
    action_items: int
    goals_achieved: int
    goals: int
    checklist: Checklist
    # The window the meeting counts use: from the pair's start to today, or to its end.
    counted_from: date | None = None
    counted_to: date | None = None

    @property
    def on_cadence(self) -> bool:
        return self.meetings_held >= self.meetings_expected


@dataclass(frozen=True)
class CohortMeasures:
    pairs: int
    active_pairs: int
    meetings_held: int
    meetings_expected: int
    pairs_on_cadence: int
    pairs_meeting_twice: int
    feedback_entries: int
    action_items_done: int
    action_items: int
    goals_achieved: int
    goals: int
    mean_completeness: float
    # step -> state -> number of active pairs in that state
    steps: dict[str, dict[str, int]] = field(default_factory=dict)


def relationship_measures(facts: RelationshipFacts, counts: ActivityCounts) -> RelationshipMeasures:
    for name in ("action_items_done", "goals_achieved"):
        part, whole = getattr(counts, name), getattr(counts, name.rsplit("_", 1)[0])
        if part > whole:
            raise RelationshipRuleError(f"{name}: {part} is more than the {whole} there are")
    return RelationshipMeasures(
        active=facts.active,
        meetings_held=len(facts.meetings_held),
        meetings_expected=expected_meetings(facts),
        feedback_entries=counts.feedback_entries,
        action_items_done=counts.action_items_done,
        action_items=counts.action_items,
        goals_achieved=counts.goals_achieved,
        goals=counts.goals,
        checklist=mentor_checklist(facts),
        counted_from=facts.started_on,
        counted_to=counting_end(facts),
    )


def cohort_measures(pairs: list[RelationshipMeasures]) -> CohortMeasures:
    """Sums over every pair; on-cadence shares and checklist states over active pairs only."""
    active = [p for p in pairs if p.active]
    states: dict[str, Counter[str]] = {step: Counter() for step in STEPS}
    for pair in active:
        for item in pair.checklist.items:
            states[item.step][item.state.value] += 1
    completeness = [p.checklist.completeness for p in active]
    return CohortMeasures(
        pairs=len(pairs),
        active_pairs=len(active),
        meetings_held=sum(p.meetings_held for p in pairs),
        meetings_expected=sum(p.meetings_expected for p in active),
        pairs_on_cadence=sum(p.on_cadence for p in active),
        pairs_meeting_twice=sum(p.meetings_held >= 2 for p in pairs),
        feedback_entries=sum(p.feedback_entries for p in pairs),
        action_items_done=sum(p.action_items_done for p in pairs),
        action_items=sum(p.action_items for p in pairs),
        goals_achieved=sum(p.goals_achieved for p in pairs),
        goals=sum(p.goals for p in pairs),
        mean_completeness=sum(completeness) / len(completeness) if completeness else 0.0,
        steps={step: {s.value: states[step][s.value] for s in ItemState} for step in STEPS},
    )
