"""Mentora's matching engine: pure Python, no Django.

    problem = Problem(mentees, mentors, weights=Weights(), constraints=Constraints())
    result = solve(problem, mode="welfare")     # or "stable"
    for pair in result.pairs: print(pair.mentee_id, pair.mentor_id, pair.explanation)
"""

from .errors import InputError, MatchingError
from .model import (
    CandidateTable,
    Constraints,
    EquityGuard,
    Mentee,
    Mentor,
    Problem,
    Structure,
    Weights,
)
from .rematch import Change, RematchResult, rematch
from .result import (
    Diagnostics,
    EquityGap,
    GroupStats,
    MatchResult,
    Pair,
    ScoreSummary,
    Unmatched,
)
from .scoring import score_candidates
from .solve import solve

__all__ = [
    "CandidateTable",
    "Change",
    "Constraints",
    "Diagnostics",
    "EquityGap",
    "EquityGuard",
    "GroupStats",
    "InputError",
    "MatchResult",
    "MatchingError",
    "Mentee",
    "Mentor",
    "Pair",
    "Problem",
    "RematchResult",
    "ScoreSummary",
    "Structure",
    "Unmatched",
    "Weights",
    "rematch",
    "score_candidates",
    "solve",
]
