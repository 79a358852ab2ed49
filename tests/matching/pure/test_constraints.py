"""Hard constraints a coordinator sets: current pairs, pins, forbidden pairs, training, gaps."""

from __future__ import annotations

import pytest

from mentora.matching.engine import (
    Constraints,
    MatchingError,
    Mentee,
    Mentor,
    Problem,
    Weights,
    solve,
)

PEOPLE = ([Mentee("a", 2, ("cardiology",)), Mentee("b", 2, ("surgery",))],
          [Mentor("card", 3, 1, ("cardiology",)), Mentor("surg", 3, 1, ("surgery",))])


def pairs(constraints: Constraints, mode: str = "welfare") -> set[tuple[str, str]]:
    result = solve(Problem(*PEOPLE, constraints=constraints), mode)  # type: ignore[arg-type]
    return {(p.mentee_id, p.mentor_id) for p in result.pairs}


@pytest.mark.parametrize("mode", ["welfare", "stable"])
def test_a_current_pair_is_kept(mode: str) -> None:
    """A poor current pair stays in the result, whatever the scores say."""
    assert ("a", "surg") in pairs(Constraints(current=frozenset({("a", "surg")})), mode)


def test_a_broken_current_pair_competes_like_any_other() -> None:
    """Asked to break it, welfare re-pairs on interests (the old tie still earns its bonus)."""
    broken = Constraints(current=frozenset({("a", "surg")}), break_current=True)
    assert pairs(broken) == {("a", "card"), ("b", "surg")}


@pytest.mark.parametrize(("constraints", "message"), [
    (Constraints(pinned=frozenset({("a", "card")}), forbidden=frozenset({("a", "card")})),
     "both forbidden and pinned"),
    (Constraints(pinned=frozenset({("a", "card"), ("b", "card")})),
     "exceed the capacity \\(1\\) of mentor 'card'"),
    (Constraints(pinned=frozenset({("a", "card"), ("a", "surg")})),
     "mentee 'a' has two pinned or current mentors"),
    (Constraints(pinned=frozenset({("a", "nobody")})), "unknown mentor"),
])
def test_impossible_constraints_are_refused_with_the_reason(constraints: Constraints,
                                                            message: str) -> None:
    """Contradictory pins are an error that names the pair or mentor, not a silent drop."""
    with pytest.raises(MatchingError, match=message):
        solve(Problem(*PEOPLE, constraints=constraints))


@pytest.mark.parametrize(("constraints", "expected"), [
    (Constraints(forbidden=frozenset({("a", "card")})), {("b", "surg"), ("a", None)}),
    (Constraints(min_gap=2), set()),
    (Constraints(min_gap=0, max_gap=1), {("a", "card"), ("b", "surg")}),
])
def test_forbidden_pairs_and_the_stage_gap(constraints: Constraints,
                                           expected: set[tuple[str, str | None]]) -> None:
    """Forbidden pairs and mentors outside the gap are never proposed."""
    got = pairs(constraints)
    assert {p for p in expected if p[1] is not None} <= got
    for mentee, mentor in expected:
        if mentor is None:
            assert all(p[0] != mentee or p[1] != "card" for p in got)
    if not expected:
        assert got == set()


def test_untrained_mentors_are_ineligible_when_training_is_required() -> None:
    """A program requiring training never assigns an untrained mentor."""
    mentees = [Mentee("a", 2, ("cardiology",))]
    mentors = [Mentor("keen", 3, 1, ("cardiology",), trained=False), Mentor("ready", 3, 1)]
    chosen = solve(Problem(mentees, mentors, constraints=Constraints(require_training=True)))
    assert [p.mentor_id for p in chosen.pairs] == ["ready"]


def test_requests_in_order_are_rank_lists_in_stable_mode() -> None:
    """With rank_requests, a mentee's first request beats a better-scoring mentor."""
    mentees = [Mentee("a", 2, ("cardiology",), specialty="cardiology", requested=("surg",))]
    problem = Problem(mentees, PEOPLE[1], rank_requests=True)
    assert [p.mentor_id for p in solve(problem, "stable").pairs] == ["surg"]
    by_score = Problem(mentees, PEOPLE[1], weights=Weights(requested=0))
    assert [p.mentor_id for p in solve(by_score, "stable").pairs] == ["card"]
