"""The equity guard, and the diagnostics a coordinator reads after a run."""

from __future__ import annotations

import numpy as np
import pytest

from mentora.matching.engine import (
    CandidateTable,
    Constraints,
    EquityGuard,
    Mentee,
    Mentor,
    Problem,
    solve,
)


def lopsided(required: bool) -> Problem:
    """Two places; the group's mentees score lower with every mentor than the others do."""
    mentees = [Mentee("u1", 0, group="urm"), Mentee("u2", 0, group="urm"),
               Mentee("o1", 0), Mentee("o2", 0)]
    mentors = [Mentor("m1", 1, 1), Mentor("m2", 1, 1)]
    rows = np.array([0, 0, 1, 1, 2, 2, 3, 3])
    cols = np.array([0, 1, 0, 1, 0, 1, 0, 1])
    scores = np.array([3.0, 3.0, 3.0, 3.0, 5.0, 5.0, 5.0, 5.0])
    return Problem(mentees, mentors, candidates=CandidateTable(rows, cols, scores),
                   equity=EquityGuard("urm", required=required))


def test_the_gap_is_reported_even_when_not_required() -> None:
    """Unguarded welfare leaves the group behind, and the diagnostics say by how much."""
    result = solve(lopsided(required=False), "welfare")
    assert result.diagnostics.equity is not None
    assert result.diagnostics.equity.match_rate_gap == pytest.approx(-1.0)
    assert result.diagnostics.groups["urm"].match_rate == 0.0


def test_a_required_guard_keeps_the_group_level() -> None:
    """With the guard the group's match rate and mean score are not below the others'."""
    result = solve(lopsided(required=True), "welfare")
    gap = result.diagnostics.equity
    assert gap is not None and gap.required
    assert gap.match_rate_gap >= 0
    assert result.status == "OPTIMAL"
    # Any pair for the others would lift their mean above the group's 3 points, so the best
    # total under the guard gives both places to the group.
    assert result.objective == pytest.approx(6.0)
    assert {p.mentee_id for p in result.pairs} == {"u1", "u2"}


def test_the_guard_holds_the_mean_score_too() -> None:
    """When every group member can be matched, their mean score still may not trail."""
    problem = lopsided(required=True)
    mentors = [Mentor(f"m{j}", 1, 1) for j in range(4)]
    rows = np.repeat(np.arange(4), 4)
    cols = np.tile(np.arange(4), 4)
    scores = np.where(rows < 2, np.where(cols == 0, 6.0, 1.0), 4.0)
    problem = Problem(problem.mentees, mentors, candidates=CandidateTable(rows, cols, scores),
                      equity=problem.equity)
    gap = solve(problem, "welfare").diagnostics.equity
    assert gap is not None
    assert gap.match_rate_gap >= 0 and gap.mean_score_gap >= -1e-9


@pytest.mark.parametrize(("mentees", "mentors", "constraints", "reason", "detail"), [
    ([Mentee("a", 0)], [Mentor("b", 9)], Constraints(), "no eligible mentor",
     "no mentor 1 to 3 stages above stage 0"),
    ([Mentee("a", 0)], [Mentor("b", 1, trained=False)], Constraints(require_training=True),
     "no eligible mentor", "no trained mentor with free capacity in this place"),
    ([Mentee("a", 0)], [Mentor("b", 1)], Constraints(forbidden=frozenset({("a", "b")})),
     "no eligible mentor", "every mentor in reach is a conflict or forbidden pair"),
    ([Mentee("a", 0, ("x",)), Mentee("c", 0)], [Mentor("b", 1, interests=("x",))],
     Constraints(), "capacity spent", "all 1 eligible mentors are at capacity"),
])
def test_each_unmatched_mentee_has_a_reason(mentees: list[Mentee], mentors: list[Mentor],
                                             constraints: Constraints, reason: str,
                                             detail: str) -> None:
    """The coordinator learns why a mentee got nobody."""
    result = solve(Problem(mentees, mentors, constraints=constraints), "welfare")
    left = [u for u in result.diagnostics.unmatched if u.side == "mentee"]
    assert [(u.reason, u.detail) for u in left] == [(reason, detail)]


def test_welfare_reports_blocking_pairs_and_stable_has_none() -> None:
    """A welfare optimum may leave a pair who would both rather swap; it is listed."""
    mentees = [Mentee("a", 0), Mentee("b", 0)]
    mentors = [Mentor("x", 1, 1), Mentor("y", 1, 1)]
    # a and x like each other best, but a-y plus b-x scores more in total.
    table = CandidateTable(np.array([0, 0, 1]), np.array([0, 1, 0]), np.array([5.0, 4.0, 4.0]))
    welfare = solve(Problem(mentees, mentors, candidates=table), "welfare")
    assert {(p.mentee_id, p.mentor_id) for p in welfare.pairs} == {("a", "y"), ("b", "x")}
    assert welfare.diagnostics.blocking_pairs == [("a", "x")]
    stable = solve(Problem(mentees, mentors, candidates=table), "stable")
    assert stable.diagnostics.blocking_pair_count == 0
    assert {(p.mentee_id, p.mentor_id) for p in stable.pairs} == {("a", "x")}


def test_score_distribution_and_groups_describe_the_pairs() -> None:
    """The summary's count, extremes and per-group rates match the pairs themselves."""
    result = solve(lopsided(required=False), "welfare")
    summary = result.diagnostics.scores
    assert summary is not None
    assert summary.count == len(result.pairs)
    assert summary.minimum == min(p.score for p in result.pairs)
    assert summary.maximum == max(p.score for p in result.pairs)
    assert result.diagnostics.groups["(none)"].matched == 2


def test_an_unused_mentor_is_listed_with_a_reason() -> None:
    """A mentor nobody can reach is reported as such."""
    result = solve(Problem([Mentee("a", 0)], [Mentor("b", 1), Mentor("far", 8)]), "welfare")
    mentors = [(u.person_id, u.reason) for u in result.diagnostics.unmatched if u.side == "mentor"]
    assert mentors == [("far", "no eligible mentee")]
