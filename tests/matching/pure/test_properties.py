"""Properties that hold for every cohort: hard constraints, stability, optimality, re-match."""

from __future__ import annotations

import dataclasses

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mentora.matching.engine import MatchResult, Problem, Structure, rematch, solve
from tests.matching.pure.helpers import brute_force_best, cohorts, loads, scored_markets

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def assert_hard_constraints(problem: Problem, result: MatchResult) -> None:
    c = problem.constraints
    mentees = {m.id: m for m in problem.mentees}
    mentors = {m.id: m for m in problem.mentors}
    for mentor_id, load in loads(result).items():
        assert load <= mentors[mentor_id].capacity
    seen = set()
    for pair in result.pairs:
        key = (pair.mentee_id, pair.mentor_id)
        assert (pair.mentee_id, pair.slot) not in seen
        seen.add((pair.mentee_id, pair.slot))
        if key in c.pinned:
            continue
        assert key not in c.forbidden
        gap = mentors[pair.mentor_id].career_stage - mentees[pair.mentee_id].career_stage
        assert c.min_gap <= gap <= c.max_gap
        assert mentors[pair.mentor_id].trained or not c.require_training
    assert c.pinned <= {(p.mentee_id, p.mentor_id) for p in result.pairs}


def blocking(problem: Problem, result: MatchResult) -> list[tuple[str, str]]:
    """Pairs who both prefer each other, by score then id, checked without the engine's code."""
    partner = {p.mentee_id: p for p in result.pairs}
    held: dict[str, list[tuple[float, str]]] = {}
    for p in result.pairs:
        held.setdefault(p.mentor_id, []).append((p.score, p.mentee_id))
    table = problem.candidates
    assert table is not None
    found = []
    for i, j, s in zip(table.mentee.tolist(), table.mentor.tolist(), table.score.tolist(),
                       strict=True):
        mentee, mentor = problem.mentees[i], problem.mentors[j]
        mine = partner.get(mentee.id)
        if mine and mine.mentor_id == mentor.id:
            continue
        wants = mine is None or (s, _neg(mentor.id)) > (mine.score, _neg(mine.mentor_id))
        theirs = held.get(mentor.id, [])
        if len(theirs) < mentor.capacity:
            accepts = mentor.capacity > 0
        else:
            accepts = any((s, _neg(mentee.id)) > (t, _neg(e)) for t, e in theirs)
        if wants and accepts:
            found.append((mentee.id, mentor.id))
    return found


def _neg(identifier: str) -> tuple[int, ...]:
    """Lower id ranks higher on ties: negate the characters so max() prefers it."""
    return (*(-ord(ch) for ch in identifier), 1)


@FAST
@given(cohorts(), st.sampled_from(["welfare", "stable"]))
def test_capacities_and_hard_constraints_always_hold(problem: Problem, mode: str) -> None:
    """No mentor over capacity, no forbidden, untrained or out-of-gap pair, one per place."""
    result = solve(problem, mode)  # type: ignore[arg-type]
    assert_hard_constraints(problem, result)


@FAST
@given(cohorts(), st.data())
def test_pinned_pairs_are_always_in_the_result(problem: Problem, data: st.DataObject) -> None:
    """A pinned pair appears even if it breaks the stage gap; the rest still hold."""
    usable = [m for m in problem.mentors if m.capacity > 0]
    if not usable:
        return
    mentor = data.draw(st.sampled_from(usable))
    mentee = data.draw(st.sampled_from(list(problem.mentees)))
    pin = (mentee.id, mentor.id)
    constraints = dataclasses.replace(problem.constraints, pinned=frozenset({pin}),
                                      forbidden=problem.constraints.forbidden - {pin})
    pinned = dataclasses.replace(problem, constraints=constraints)
    for mode in ("welfare", "stable"):
        assert_hard_constraints(pinned, solve(pinned, mode))  # type: ignore[arg-type]


@FAST
@given(scored_markets())
def test_stable_mode_never_leaves_a_blocking_pair(problem: Problem) -> None:
    """Deferred acceptance leaves no mentee and mentor who would both rather have each other."""
    assert blocking(problem, solve(problem, "stable")) == []


@FAST
@given(scored_markets())
def test_welfare_reaches_the_brute_force_optimum(problem: Problem) -> None:
    """The min-cost flow total equals the best total over every possible assignment."""
    best, _ = brute_force_best(problem)
    result = solve(problem, "welfare")
    assert result.objective >= best - 1e-9
    assert result.status == "OPTIMAL"


@FAST
@given(scored_markets())
def test_participation_first_matches_as_many_as_possible(problem: Problem) -> None:
    """Participation-first matches the largest number brute force can reach."""
    _, most = brute_force_best(problem)
    assert len(solve(problem, "welfare", participation_first=True).pairs) == most


@FAST
@given(cohorts(), st.data(), st.sampled_from(["welfare", "stable"]))
def test_rematch_keeps_everyone_elses_pairs(problem: Problem, data: st.DataObject,
                                            mode: str) -> None:
    """Only the mentees re-solved may change; the declined mentor is never offered again."""
    first = solve(problem, mode)  # type: ignore[arg-type]
    ids = [m.id for m in problem.mentees]
    again = set(data.draw(st.lists(st.sampled_from(ids), max_size=2)))
    declined = {(p.mentee_id, p.mentor_id) for p in first.pairs if p.mentee_id in again}
    second = rematch(problem, first.pairs, again, mode, declined=declined)  # type: ignore[arg-type]
    kept = {(p.mentee_id, p.mentor_id) for p in first.pairs if p.mentee_id not in again}
    now = {(p.mentee_id, p.mentor_id) for p in second.result.pairs}
    assert kept <= now
    assert not declined & now
    assert {c.mentee_id for c in second.changes} <= again
    assert_hard_constraints(problem, second.result)


@FAST
@given(cohorts(), st.data(), st.sampled_from(["tiers", "teams"]),
       st.sampled_from(["welfare", "stable"]))
def test_tiers_and_teams_keep_one_mentor_per_place(problem: Problem, data: st.DataObject,
                                                    kind: str, mode: str) -> None:
    """With tiers or roles drawn at random, no mentee gets two mentors for one place."""
    labels = data.draw(st.lists(st.sampled_from(["a", "b"]), min_size=len(problem.mentors),
                                max_size=len(problem.mentors)))
    field = "tier" if kind == "tiers" else "role"
    mentors = [dataclasses.replace(m, **{field: label})
               for m, label in zip(problem.mentors, labels, strict=True)]
    shaped = dataclasses.replace(problem, mentors=mentors, structure=Structure(kind))  # type: ignore[arg-type]
    result = solve(shaped, mode)  # type: ignore[arg-type]
    assert_hard_constraints(shaped, result)
    by_id = {m.id: m for m in mentors}
    assert all(pair.slot == getattr(by_id[pair.mentor_id], field) for pair in result.pairs)
