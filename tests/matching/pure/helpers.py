"""Small random cohorts for the matching tests, and checks written apart from the engine."""

from __future__ import annotations

import itertools

import numpy as np
from hypothesis import strategies as st

from mentora.matching.engine import (
    CandidateTable,
    Constraints,
    MatchResult,
    Mentee,
    Mentor,
    Problem,
)

INTERESTS = ("cardiology", "surgery", "oncology", "education", "research")


@st.composite
def cohorts(draw: st.DrawFn, max_mentees: int = 6, max_mentors: int = 4) -> Problem:
    n_e = draw(st.integers(1, max_mentees))
    n_m = draw(st.integers(1, max_mentors))
    some = st.lists(st.sampled_from(INTERESTS), max_size=3, unique=True).map(tuple)
    mentees = [Mentee(f"e{i}", draw(st.integers(0, 3)), draw(some),
                      specialty=draw(st.sampled_from(("", *INTERESTS))),
                      group=draw(st.sampled_from(("", "urm"))))
               for i in range(n_e)]
    mentors = [Mentor(f"m{j}", draw(st.integers(1, 5)), draw(st.integers(0, 3)), draw(some),
                      specialty=draw(st.sampled_from(("", *INTERESTS))),
                      trained=draw(st.booleans()))
               for j in range(n_m)]
    pairs = [(e.id, m.id) for e in mentees for m in mentors]
    forbidden = draw(st.sets(st.sampled_from(pairs), max_size=3))
    constraints = Constraints(min_gap=1, max_gap=draw(st.integers(1, 3)),
                              forbidden=frozenset(forbidden),
                              require_training=draw(st.booleans()))
    return Problem(mentees, mentors, constraints=constraints)


@st.composite
def scored_markets(draw: st.DrawFn, max_mentees: int = 5, max_mentors: int = 4) -> Problem:
    """Uploaded candidates with scores on a half-point grid, so optimal totals are exact."""
    n_e = draw(st.integers(1, max_mentees))
    n_m = draw(st.integers(1, max_mentors))
    mentees = [Mentee(f"e{i}", 0) for i in range(n_e)]
    mentors = [Mentor(f"m{j}", 1, draw(st.integers(0, 2))) for j in range(n_m)]
    pairs = draw(st.sets(st.tuples(st.integers(0, n_e - 1), st.integers(0, n_m - 1)),
                         min_size=1, max_size=n_e * n_m))
    ordered = sorted(pairs)
    rows = np.array([p[0] for p in ordered], dtype=np.int64)
    cols = np.array([p[1] for p in ordered], dtype=np.int64)
    scores = np.array([draw(st.integers(0, 10)) / 2 for _ in ordered], dtype=np.float64)
    return Problem(mentees, mentors, candidates=CandidateTable(rows, cols, scores))


def brute_force_best(problem: Problem) -> tuple[float, int]:
    """The best total score and the most pairs, by trying every assignment (tiny cases only)."""
    table = problem.candidates
    assert table is not None
    options: list[list[tuple[int, float]]] = [[(-1, 0.0)] for _ in problem.mentees]
    for i, j, s in zip(table.mentee.tolist(), table.mentor.tolist(), table.score.tolist(),
                       strict=True):
        options[i].append((j, s))
    best_score, most_pairs = 0.0, 0
    capacity = [m.capacity for m in problem.mentors]
    for choice in itertools.product(*options):
        load = [0] * len(capacity)
        for j, _ in choice:
            if j >= 0:
                load[j] += 1
        if any(a > c for a, c in zip(load, capacity, strict=True)):
            continue
        best_score = max(best_score, sum(s for _, s in choice))
        most_pairs = max(most_pairs, sum(j >= 0 for j, _ in choice))
    return best_score, most_pairs


def loads(result: MatchResult) -> dict[str, int]:
    counts: dict[str, int] = {}
    for pair in result.pairs:
        counts[pair.mentor_id] = counts.get(pair.mentor_id, 0) + 1
    return counts
