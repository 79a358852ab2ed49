"""Several mentees left out for different reasons, each told its own; and the pairs a run
returns carry their score, components, place and whether they were fixed."""

from __future__ import annotations

import numpy as np
import pytest

from mentora.matching.engine import (
    CandidateTable,
    Constraints,
    Mentee,
    Mentor,
    Problem,
    Structure,
    solve,
)


def test_each_left_out_mentee_gets_the_reason_for_its_own_candidates() -> None:
    """a has no candidate, b only a negative score with a mentor who has room, c only a
    mentor that d fills; they are reported in file order, each with its own reason."""
    mentees = [Mentee(name, 0) for name in ("a", "b", "c", "d")]
    mentors = [Mentor("x", 1, 1), Mentor("y", 1, 1)]
    table = CandidateTable(np.array([1, 2, 3]), np.array([1, 0, 0]), np.array([-1.0, 1.0, 5.0]))
    result = solve(Problem(mentees, mentors, candidates=table), "welfare")
    assert [(p.mentee_id, p.mentor_id) for p in result.pairs] == [("d", "x")]
    left = [(u.person_id, u.reason, u.detail) for u in result.diagnostics.unmatched
            if u.side == "mentee"]
    assert left == [
        ("a", "no eligible mentor", "no pair for this mentee in the uploaded candidates"),
        ("b", "conflicting constraints", "no eligible pair has a positive score"),
        ("c", "capacity spent", "all 1 eligible mentors are at capacity"),
    ]


def test_pairs_carry_components_tier_and_what_fixed_them() -> None:
    """Tiers from attributes: each pair names its tier and its score's components (which add
    up to the score); a pinned pair says so, the others do not claim to be fixed."""
    mentees = [Mentee("a", 0, ("cardiology",)), Mentee("b", 0, ("surgery",))]
    mentors = [Mentor("x", 1, 2, ("cardiology",), tier="intern"),
               Mentor("y", 2, 2, ("surgery",), tier="resident")]
    problem = Problem(mentees, mentors, structure=Structure("tiers"),
                      constraints=Constraints(pinned=frozenset({("b", "x")})))
    result = solve(problem, "welfare")
    pairs = {(p.mentee_id, p.mentor_id): p for p in result.pairs}
    assert set(pairs) == {("a", "x"), ("a", "y"), ("b", "x"), ("b", "y")}
    assert {key: p.slot for key, p in pairs.items()} == {
        ("a", "x"): "intern", ("a", "y"): "resident", ("b", "x"): "intern",
        ("b", "y"): "resident"}
    assert [key for key, p in pairs.items() if p.fixed] == [("b", "x")]
    for pair in pairs.values():
        parts = dict(pair.components)
        assert "interests" in parts
        assert sum(parts.values()) == pytest.approx(pair.score)
    assert dict(pairs["a", "x"].components)["interests"] > 0
    assert dict(pairs["b", "x"].components)["interests"] == 0
