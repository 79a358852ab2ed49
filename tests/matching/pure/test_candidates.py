"""Candidate generation at scale: hard constraints first, then the best-overlapping mentors."""

from __future__ import annotations

import numpy as np

from mentora.matching.engine import Constraints, Mentee, Mentor, Problem
from mentora.matching.engine.candidates import generate_candidates
from mentora.matching.engine.slots import plan_slots


def crowd(n_mentees: int, n_mentors: int, seed: int) -> Problem:
    rng = np.random.default_rng(seed)
    topics = [f"t{k}" for k in range(40)]

    def some() -> tuple[str, ...]:
        return tuple(rng.choice(topics, size=rng.integers(0, 4), replace=False).tolist())

    mentees = [Mentee(f"e{i}", int(rng.integers(0, 4)), some()) for i in range(n_mentees)]
    mentors = [Mentor(f"m{j}", int(rng.integers(1, 7)), int(rng.integers(0, 4)), some())
               for j in range(n_mentors)]
    return Problem(mentees, mentors, top_k=10,
                   constraints=Constraints(forbidden=frozenset({("e0", "m0"), ("e1", "m1")})))


def test_shortlists_respect_the_hard_constraints_and_size() -> None:
    """Every candidate is within the gap, has capacity, is not forbidden; at most top_k each."""
    problem = crowd(1500, 300, seed=1)
    rows, cols = generate_candidates(problem, plan_slots(problem))
    stage_e = np.array([m.career_stage for m in problem.mentees])[rows]
    stage_m = np.array([m.career_stage for m in problem.mentors])[cols]
    assert ((stage_m - stage_e >= 1) & (stage_m - stage_e <= 3)).all()
    assert (np.array([m.capacity for m in problem.mentors])[cols] > 0).all()
    pairs = set(zip(rows.tolist(), cols.tolist(), strict=True))
    assert (0, 0) not in pairs and (1, 1) not in pairs
    assert len(pairs) == rows.size
    assert np.bincount(rows).max() <= problem.top_k


def test_shortlists_prefer_mentors_who_share_interests() -> None:
    """A mentee who shares interests with enough mentors is offered only such mentors."""
    problem = crowd(600, 300, seed=2)
    rows, cols = generate_candidates(problem, plan_slots(problem))
    sharing = 0
    for i, j in zip(rows.tolist(), cols.tolist(), strict=True):
        sharing += bool(set(problem.mentees[i].interests) & set(problem.mentors[j].interests))
    with_interests = sum(bool(problem.mentees[i].interests) for i in rows.tolist())
    assert sharing > 0.5 * with_interests


def test_requested_pairs_survive_the_shortlist() -> None:
    """A mentor the mentee asked for is a candidate even without shared interests."""
    problem = crowd(300, 200, seed=3)
    wanted = next(m for m in problem.mentors if m.capacity > 0 and m.career_stage == 3)
    mentees = list(problem.mentees)
    mentees[5] = Mentee("e5", 1, ("nothing-shared",), requested=(wanted.id,))
    problem = Problem(mentees, problem.mentors, top_k=5)
    rows, cols = generate_candidates(problem, plan_slots(problem))
    mine = {problem.mentors[j].id for i, j in zip(rows, cols, strict=True) if i == 5}
    assert wanted.id in mine
    assert len(mine) >= 5  # topped up with the window's roomiest mentors
