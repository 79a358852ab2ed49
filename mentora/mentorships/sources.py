"""Counts that later parts of the domain add to a relationship, without mentorships importing them.

The data flows one way: feedback (observations, procedures) reads mentorships, never the
reverse. So the part that holds observations registers a counter here when its app is ready,
and the pages of mentorships ask through these functions: the MENTOR checklist's Observe step
counts what the counters return, and a goal's "3 of 5" adds the confirmed entries toward it.
With nothing registered, a pair has no observations and a goal only its own progress entries.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from datetime import date

from django.db.models import Expression, Value

# (mentorship ids, up to this day) -> observations per mentorship id
ObservationCounter = Callable[[Sequence[int], date], dict[int, int]]
# () -> an expression, on a Goal queryset, of the entries that count toward each goal (a
# subquery on OuterRef("pk")): every goal read carries it, so a list of goals costs no more.
GoalCounter = Callable[[], Expression]

_observations: list[ObservationCounter] = []
_goals: list[GoalCounter] = []


def count_observations_with(counter: ObservationCounter) -> None:
    if counter not in _observations:
        _observations.append(counter)


def count_goal_progress_with(counter: GoalCounter) -> None:
    if counter not in _goals:
        _goals.append(counter)


def observations(pair_ids: Sequence[int], today: date) -> dict[int, int]:
    """Observations of each pair up to `today`, from every registered counter."""
    total: Counter[int] = Counter()
    for counter in _observations:
        total.update(counter(pair_ids, today))
    return dict(total)


def goal_progress() -> Expression:
    """What counts toward a goal besides its own progress entries, as an annotation."""
    total: Expression = Value(0)
    for counter in _goals:
        total = total + counter()
    return total
