"""A run's stored JSON reads back as the engine's own records, and writes back to the same JSON."""

from __future__ import annotations

import json
import math
from typing import Any

import pytest

from mentora.matching.engine import (
    Change,
    Constraints,
    EquityGuard,
    Mentee,
    Mentor,
    Problem,
    Structure,
    rematch,
    solve,
)
from mentora.matching.snapshot import (
    AFFINITY_PHRASE,
    RematchInputs,
    RunInputs,
    inputs_from_json,
    inputs_to_json,
    people_from_json,
    result_from_json,
    result_to_json,
    summary_from_json,
)


def _problem() -> Problem:
    """Six residents in two groups, three mentors, one pinned pair, one asked-for affinity."""
    mentees = [Mentee(str(k), 5, ("cardiology",) if k % 2 else ("surgery",),
                      "cardiology" if k % 2 else "surgery", group="urm" if k < 3 else "",
                      gender="g1", affinity=("gender",) if k == 1 else (),
                      requested=("12",) if k == 2 else ())
               for k in range(1, 7)]
    mentors = [Mentor("10", 7, 2, ("cardiology",), "cardiology", gender="g1"),
               Mentor("11", 7, 2, ("surgery",), "surgery"),
               Mentor("12", 8, 2, ("surgery", "cardiology"), "surgery", tier="")]
    return Problem(mentees, mentors,
                   constraints=Constraints(max_gap=4, pinned=frozenset({("3", "11")}),
                                           forbidden=frozenset({("4", "10")})),
                   structure=Structure("pairs"), equity=EquityGuard("urm"),
                   existing=frozenset({("5", "12")}))


def _through_json(data: dict[str, Any]) -> dict[str, Any]:
    """What the database's JSON column hands back."""
    return json.loads(json.dumps(data, allow_nan=False))


def test_a_runs_inputs_read_back_as_the_same_problem_and_rematch():
    inputs = RunInputs(_problem(), "stable",
                       RematchInputs((("1", "10"), ("2", "12")), ("1",), (("1", "10"),)))
    stored = _through_json(inputs_to_json(inputs))
    assert inputs_from_json(stored) == inputs
    assert _through_json(inputs_to_json(inputs_from_json(stored))) == stored
    people = people_from_json(stored)
    assert (people.mentees, people.mentors) == ((1, 2, 3, 4, 5, 6), (10, 11, 12))


def test_a_result_reads_back_as_the_engines_result_and_writes_back_the_same_json():
    problem = _problem()
    result = solve(problem, "welfare")
    stored = _through_json(result_to_json(result))
    back = result_from_json(stored)
    assert back is not None and back.changes == ()
    again = back.result
    assert (again.mode, again.status, again.solver) == (result.mode, result.status,
                                                        result.solver)
    assert again.objective == pytest.approx(result.objective, abs=1e-6)
    for read, made in zip(again.pairs, result.pairs, strict=True):
        assert (read.mentee_id, read.mentor_id, read.slot, read.fixed) == (
            made.mentee_id, made.mentor_id, made.slot, made.fixed)
        assert read.score == pytest.approx(made.score, abs=1e-6)
        assert dict(read.components) == pytest.approx({k: v for k, v in made.components if v},
                                                      abs=1e-6)
    d, made_d = again.diagnostics, result.diagnostics
    assert d.unmatched == made_d.unmatched
    assert d.blocking_pair_count == made_d.blocking_pair_count
    assert d.scores is not None and d.scores.count == made_d.scores.count
    assert d.groups.keys() == made_d.groups.keys()
    assert d.groups["urm"].mentees == made_d.groups["urm"].mentees == 2
    assert d.equity is not None and d.equity.group == "urm"
    assert result_to_json(again) == stored


def test_the_stored_explanation_never_names_the_shared_attribute():
    result = solve(_problem(), "welfare")
    stored = result_from_json(_through_json(result_to_json(result)))
    assert stored is not None
    texts = " ".join(p.explanation for p in stored.result.pairs)
    assert AFFINITY_PHRASE in texts and "same gender" not in texts


def test_a_rematch_keeps_who_changed():
    problem = _problem()
    first = solve(problem, "welfare")
    moved = rematch(problem, first.pairs, ["1"], declined=[(p.mentee_id, p.mentor_id)
                                                           for p in first.pairs
                                                           if p.mentee_id == "1"])
    stored = result_from_json(_through_json(result_to_json(moved.result, moved.changes)))
    assert stored is not None and stored.changes == tuple(moved.changes)
    assert all(isinstance(c, Change) for c in stored.changes)


def test_a_figure_that_could_not_be_computed_stays_not_a_number():
    """JSON has no NaN: the stored null reads back as NaN, the engine's own "no figure"."""
    result = solve(_problem(), "welfare")
    stored = result_to_json(result)
    stored["diagnostics"]["groups"]["urm"]["mean_score"] = None
    back = result_from_json(_through_json(stored))
    assert back is not None and math.isnan(back.result.diagnostics.groups["urm"].mean_score)
    assert result_to_json(back.result)["diagnostics"]["groups"]["urm"]["mean_score"] is None


def test_a_run_without_a_result_reads_as_none_and_sums_to_nothing():
    assert result_from_json({}) is None
    summary = summary_from_json({})
    assert (summary.pairs, summary.objective) == (0, None)
