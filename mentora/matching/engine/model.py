"""The plain data a caller hands to the engine: people, weights, constraints and the problem."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import numpy.typing as npt

PairKey = tuple[str, str]  # (mentee_id, mentor_id)
FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True)
class Mentee:
    id: str
    career_stage: int  # rank on the program's ordered ladder; higher is more senior
    interests: tuple[str, ...] = ()
    specialty: str = ""
    goals: str = ""
    communication_style: str = ""
    group: str = ""
    site: str = ""
    gender: str = ""
    background: str = ""
    # Attributes the mentee asked to share with a mentor ("gender", "background"); never assumed.
    affinity: tuple[str, ...] = ()
    requested: tuple[str, ...] = ()  # mentor ids, most wanted first
    roles: tuple[str, ...] = ()  # team roles this mentee needs; empty means every role offered


@dataclass(frozen=True)
class Mentor:
    id: str
    career_stage: int
    capacity: int = 1
    interests: tuple[str, ...] = ()
    specialty: str = ""
    goals: str = ""
    communication_style: str = ""
    site: str = ""
    gender: str = ""
    background: str = ""
    tier: str = ""
    role: str = ""
    trained: bool = True
    requested: tuple[str, ...] = ()  # mentee ids this mentor asked for


@dataclass(frozen=True)
class Weights:
    """Points each component adds to a pair's score; a program overrides what it cares about."""

    specialty: float = 3.0
    interests: float = 2.0  # times the Jaccard overlap of scholarly interests
    goals: float = 2.0  # times the cosine similarity of the goal texts
    communication: float = 1.0
    requested: float = 4.0  # the mentee asked for this mentor (first choice gets it all)
    mentor_requested: float = 2.0
    existing: float = 3.0
    affinity: float = 1.5  # per attribute the mentee asked to share and does share
    site: float = 0.5


@dataclass(frozen=True)
class Constraints:
    min_gap: int = 1  # mentor at least this many ladder steps above the mentee
    max_gap: int = 3
    forbidden: frozenset[PairKey] = frozenset()  # conflicts of interest and forbidden pairs
    pinned: frozenset[PairKey] = frozenset()  # always in the result
    kept: frozenset[PairKey] = frozenset()  # kept from a previous run by a re-match
    current: frozenset[PairKey] = frozenset()  # kept unless break_current
    break_current: bool = False
    require_training: bool = False


@dataclass(frozen=True)
class Structure:
    """Pairs, tiers (one mentor from every tier) or teams (one mentor per role needed)."""

    kind: Literal["pairs", "tiers", "teams"] = "pairs"
    slots: tuple[str, ...] = ()  # tier or role names; empty means every value the mentors carry
    max_per_mentee: int | None = None  # teams only: the largest team a mentee may get


@dataclass(frozen=True)
class EquityGuard:
    """A named group (mentee.group) whose match rate and mean score must keep up with the rest."""

    group: str
    required: bool = False


@dataclass
class CandidateTable:
    """Candidate pairs as parallel arrays of indices into Problem.mentees and Problem.mentors."""

    mentee: IntArray
    mentor: IntArray
    score: FloatArray
    components: dict[str, FloatArray] = field(default_factory=dict)
    mentee_rank: FloatArray | None = None  # uploaded rank lists; NaN where a pair was unranked
    mentor_rank: FloatArray | None = None

    def __len__(self) -> int:
        return int(self.mentee.shape[0])

    def take(self, keep: npt.NDArray[np.bool_] | IntArray) -> CandidateTable:
        return CandidateTable(
            mentee=self.mentee[keep],
            mentor=self.mentor[keep],
            score=self.score[keep],
            components={name: values[keep] for name, values in self.components.items()},
            mentee_rank=None if self.mentee_rank is None else self.mentee_rank[keep],
            mentor_rank=None if self.mentor_rank is None else self.mentor_rank[keep],
        )


@dataclass
class Problem:
    mentees: Sequence[Mentee]
    mentors: Sequence[Mentor]
    weights: Weights = field(default_factory=Weights)
    constraints: Constraints = field(default_factory=Constraints)
    structure: Structure = field(default_factory=Structure)
    equity: EquityGuard | None = None
    existing: frozenset[PairKey] = frozenset()  # prior working relationships, a score bonus
    # Given candidates replace attribute scoring: only capacity and the explicit pair lists apply.
    candidates: CandidateTable | None = None
    top_k: int | None = 50  # candidates kept per mentee and slot; None keeps every eligible pair
    # Stable mode: treat each person's ordered requests as their rank list (unlisted pairs
    # follow, by score). Otherwise preferences follow scores alone.
    rank_requests: bool = False
