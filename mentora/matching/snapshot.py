"""A run's inputs and result as JSON, both ways: the only module that knows that JSON.

A stored run is written here and read back here as the engine's own types (Problem, MatchResult,
Pair, Diagnostics, the re-match's Change) and a few named records, so the review, publishing
and the run page never read loose dictionaries.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from mentora.matching.engine import (
    Change,
    Constraints,
    Diagnostics,
    EquityGap,
    EquityGuard,
    GroupStats,
    MatchResult,
    Mentee,
    Mentor,
    Pair,
    Problem,
    ScoreSummary,
    Structure,
    Unmatched,
    Weights,
)

JSON = dict[str, Any]
PairKey = tuple[str, str]  # (mentee id, mentor id) as the engine names them

FORMAT = 1
_PAIR_SETS = ("forbidden", "pinned", "kept", "current")
# Explanations name the attribute shared ("same gender, as the mentee asked"); coordinators
# read them, and demographics are their owner's alone, so the phrase keeps only the fact.
_AFFINITY = re.compile(r"same (gender|background)( and (gender|background))?, as the mentee asked")
AFFINITY_PHRASE = "shares what the mentee asked a mentor to share"


@dataclass(frozen=True)
class RematchInputs:
    """What a re-match solves again: the pairs before, who must change, what they declined."""

    previous: tuple[PairKey, ...]
    resolve: tuple[str, ...]
    declined: tuple[PairKey, ...]


@dataclass(frozen=True)
class RunInputs:
    problem: Problem
    mode: str  # a MatchRun.Mode value
    rematch: RematchInputs | None = None


@dataclass(frozen=True)
class RunPeople:
    """Who a run was solved for, as Person ids, read without rebuilding the whole problem."""

    mentees: tuple[int, ...]
    mentors: tuple[int, ...]


def inputs_to_json(inputs: RunInputs) -> JSON:
    data: JSON = {"problem": problem_to_json(inputs.problem), "mode": inputs.mode}
    if inputs.rematch is not None:
        data["rematch"] = {
            "previous": _pair_lists(inputs.rematch.previous),
            "resolve": sorted(inputs.rematch.resolve),
            "declined": _pair_lists(inputs.rematch.declined),
        }
    return data


def inputs_from_json(data: JSON) -> RunInputs:
    again = data.get("rematch")
    rematch = None if again is None else RematchInputs(
        _pair_keys(again["previous"]), tuple(str(m) for m in again["resolve"]),
        _pair_keys(again["declined"]))
    return RunInputs(problem_from_json(data["problem"]), str(data["mode"]), rematch)


def people_from_json(data: JSON) -> RunPeople:
    problem = data.get("problem") or {}
    return RunPeople(tuple(int(m["id"]) for m in problem.get("mentees", [])),
                     tuple(int(m["id"]) for m in problem.get("mentors", [])))


def _pair_lists(pairs: Iterable[Sequence[str]]) -> list[list[str]]:
    return sorted([str(e), str(m)] for e, m in pairs)


def _pair_keys(pairs: Iterable[Sequence[Any]]) -> tuple[PairKey, ...]:
    return tuple((str(e), str(m)) for e, m in pairs)


def problem_to_json(problem: Problem) -> JSON:
    if problem.candidates is not None:
        raise ValueError("runs are scored from attributes; uploaded candidates are not stored")
    constraints = dataclasses.asdict(problem.constraints)
    for name in _PAIR_SETS:
        constraints[name] = sorted([list(p) for p in getattr(problem.constraints, name)])
    return {
        "format": FORMAT,
        "mentees": [dataclasses.asdict(m) for m in problem.mentees],
        "mentors": [dataclasses.asdict(m) for m in problem.mentors],
        "weights": dataclasses.asdict(problem.weights),
        "constraints": constraints,
        "structure": dataclasses.asdict(problem.structure),
        "equity": dataclasses.asdict(problem.equity) if problem.equity else None,
        "existing": sorted([list(p) for p in problem.existing]),
        "top_k": problem.top_k,
        "rank_requests": problem.rank_requests,
    }


def problem_from_json(data: JSON) -> Problem:
    constraints = dict(data["constraints"])
    for name in _PAIR_SETS:
        constraints[name] = frozenset(tuple(p) for p in constraints[name])
    structure = dict(data["structure"])
    structure["slots"] = tuple(structure["slots"])
    return Problem(
        [Mentee(**_tuples(m)) for m in data["mentees"]],
        [Mentor(**_tuples(m)) for m in data["mentors"]],
        Weights(**data["weights"]),
        Constraints(**constraints),
        Structure(**structure),
        EquityGuard(**data["equity"]) if data["equity"] else None,
        existing=frozenset(tuple(p) for p in data["existing"]),
        top_k=data["top_k"],
        rank_requests=data.get("rank_requests", False),
    )


def _tuples(record: JSON) -> JSON:
    return {k: tuple(v) if isinstance(v, list) else v for k, v in record.items()}


@dataclass(frozen=True)
class StoredResult:
    """A solved run as stored: the engine's result, and who changed in a re-match."""

    result: MatchResult
    changes: tuple[Change, ...] = ()


@dataclass(frozen=True)
class RunSummary:
    """What a list of runs shows, read without rebuilding every pair."""

    pairs: int
    objective: float | None


def result_to_json(result: MatchResult, changes: Iterable[Change] = ()) -> JSON:
    return {
        "mode": result.mode,
        "objective": _number(result.objective),
        "status": result.status,
        "solver": result.solver,
        "pairs": [pair_to_json(p) for p in result.pairs],
        "diagnostics": diagnostics_to_json(result.diagnostics),
        "changes": [{"mentee": c.mentee_id, "before": list(c.before), "after": list(c.after)}
                    for c in changes],
    }


def result_from_json(data: JSON) -> StoredResult | None:
    """The stored result; None for a run that is still running or failed."""
    if not data:
        return None
    result = MatchResult(
        mode=str(data["mode"]), pairs=pairs_from_json(data), objective=_float(data["objective"]),
        status=str(data["status"]), solver=str(data["solver"]),
        diagnostics=diagnostics_from_json(data.get("diagnostics") or {}),
    )
    changes = tuple(Change(str(c["mentee"]), tuple(c["before"]), tuple(c["after"]))
                    for c in data.get("changes", []))
    return StoredResult(result, changes)


def summary_from_json(data: JSON) -> RunSummary:
    objective = data.get("objective")
    return RunSummary(len(data.get("pairs", [])), None if objective is None else float(objective))


def pair_to_json(pair: Pair) -> JSON:
    return {
        "mentee": pair.mentee_id,
        "mentor": pair.mentor_id,
        "score": _number(pair.score),
        "slot": pair.slot,
        "fixed": pair.fixed,
        "components": {name: _number(v) for name, v in pair.components if v},
        "explanation": _AFFINITY.sub(AFFINITY_PHRASE, pair.explanation),
    }


def pairs_from_json(data: JSON) -> list[Pair]:
    return [
        Pair(str(p["mentee"]), str(p["mentor"]), _float(p["score"]), str(p["slot"]),
             bool(p["fixed"]), tuple((k, _float(v)) for k, v in p["components"].items()),
             str(p["explanation"]))
        for p in data.get("pairs", [])
    ]


def diagnostics_to_json(diagnostics: Diagnostics) -> JSON:
    return dict(_clean(dataclasses.asdict(diagnostics)))


def diagnostics_from_json(data: JSON) -> Diagnostics:
    scores, equity = data.get("scores"), data.get("equity")
    return Diagnostics(
        unmatched=[Unmatched(**u) for u in data.get("unmatched", [])],
        blocking_pairs=[(str(e), str(m)) for e, m in data.get("blocking_pairs", [])],
        blocking_pair_count=int(data.get("blocking_pair_count", 0)),
        scores=None if scores is None else ScoreSummary(
            int(scores["count"]), _float(scores["mean"]), _float(scores["minimum"]),
            _triple(scores["quartiles"]), _float(scores["maximum"])),
        groups={label: GroupStats(str(g["group"]), int(g["mentees"]), int(g["matched"]),
                                  _float(g["match_rate"]), _float(g["mean_score"]))
                for label, g in data.get("groups", {}).items()},
        equity=None if equity is None else EquityGap(
            str(equity["group"]), _float(equity["match_rate_gap"]),
            _float(equity["mean_score_gap"]), bool(equity["required"])),
    )


def _triple(values: Sequence[float | None]) -> tuple[float, float, float]:
    low, middle, high = (_float(v) for v in values)
    return low, middle, high


def _clean(value: Any) -> Any:
    """NaN becomes None: JSON (and PostgreSQL's jsonb) has no NaN."""
    if isinstance(value, dict):
        return {str(k): _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    if isinstance(value, float):
        return _number(value)
    return value


def _number(value: float) -> float | None:
    return None if math.isnan(value) else round(float(value), 6)


def _float(value: float | None) -> float:
    """The inverse of _number: JSON's null was NaN."""
    return math.nan if value is None else float(value)
