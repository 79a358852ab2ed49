"""A run's inputs and result as JSON, so a stored run can be shown, compared and solved again."""

from __future__ import annotations

import dataclasses
import math
import re
from typing import Any

from mentora.matching.engine import (
    Constraints,
    Diagnostics,
    EquityGuard,
    MatchResult,
    Mentee,
    Mentor,
    Pair,
    Problem,
    Structure,
    Weights,
)

FORMAT = 1
_PAIR_SETS = ("forbidden", "pinned", "kept", "current")
# Explanations name the attribute shared ("same gender, as the mentee asked"); coordinators
# read them, and demographics are their owner's alone, so the phrase keeps only the fact.
_AFFINITY = re.compile(r"same (gender|background)( and (gender|background))?, as the mentee asked")
AFFINITY_PHRASE = "shares what the mentee asked a mentor to share"


def problem_to_json(problem: Problem) -> dict[str, Any]:
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


def problem_from_json(data: dict[str, Any]) -> Problem:
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


def _tuples(record: dict[str, Any]) -> dict[str, Any]:
    return {k: tuple(v) if isinstance(v, list) else v for k, v in record.items()}


def result_to_json(result: MatchResult) -> dict[str, Any]:
    return {
        "mode": result.mode,
        "objective": _number(result.objective),
        "status": result.status,
        "solver": result.solver,
        "pairs": [pair_to_json(p) for p in result.pairs],
        "diagnostics": diagnostics_to_json(result.diagnostics),
    }


def pair_to_json(pair: Pair) -> dict[str, Any]:
    return {
        "mentee": pair.mentee_id,
        "mentor": pair.mentor_id,
        "score": _number(pair.score),
        "slot": pair.slot,
        "fixed": pair.fixed,
        "components": {name: _number(v) for name, v in pair.components if v},
        "explanation": _AFFINITY.sub(AFFINITY_PHRASE, pair.explanation),
    }


def diagnostics_to_json(diagnostics: Diagnostics) -> dict[str, Any]:
    return _clean(dataclasses.asdict(diagnostics))


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
