"""What the engine hands back: pairs with their explanations, and the diagnostics of a run."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal


@dataclass(frozen=True)
class Pair:
    mentee_id: str
    mentor_id: str
    score: float
    slot: str = ""  # the tier or role this mentor fills; empty for plain pairs
    fixed: bool = False  # pinned or kept from a current relationship
    components: tuple[tuple[str, float], ...] = ()
    explanation: str = ""


Reason = Literal["no eligible mentor", "no eligible mentee", "capacity spent",
                 "conflicting constraints", "eligible mentees matched elsewhere"]


@dataclass(frozen=True)
class Unmatched:
    person_id: str
    side: Literal["mentee", "mentor"]
    reason: Reason
    detail: str
    slot: str = ""


@dataclass(frozen=True)
class GroupStats:
    group: str
    mentees: int
    matched: int
    match_rate: float
    mean_score: float  # over the group's pairs; NaN when it has none


@dataclass(frozen=True)
class EquityGap:
    """The named group minus everyone else: negative means the group is behind."""

    group: str
    match_rate_gap: float
    mean_score_gap: float
    required: bool


@dataclass(frozen=True)
class ScoreSummary:
    count: int
    mean: float
    minimum: float
    quartiles: tuple[float, float, float]
    maximum: float


@dataclass
class Diagnostics:
    unmatched: list[Unmatched] = field(default_factory=list)
    blocking_pairs: list[tuple[str, str]] = field(default_factory=list)
    blocking_pair_count: int = 0
    scores: ScoreSummary | None = None
    groups: dict[str, GroupStats] = field(default_factory=dict)
    equity: EquityGap | None = None


@dataclass
class MatchResult:
    mode: str
    pairs: list[Pair]
    objective: float  # total score of all pairs, fixed ones included
    status: str  # e.g. "OPTIMAL" (proven by the solver), "STABLE", "FEASIBLE"
    solver: str
    diagnostics: Diagnostics = field(default_factory=Diagnostics)

    @property
    def matched_mentees(self) -> set[str]:
        return {pair.mentee_id for pair in self.pairs}
