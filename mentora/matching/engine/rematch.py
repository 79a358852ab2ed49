"""Re-match: solve again only for the mentees who must change; everyone else keeps their pairs.

Used at the Review step: a mentee declined a mentor, or goals changed. Declined pairs become
forbidden so the same mentor is not offered again."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from .errors import MatchingError
from .indexing import id_index, member
from .market import build_market
from .model import PairKey, Problem
from .result import MatchResult, Pair
from .solve import Mode, solve_market


@dataclass(frozen=True)
class Change:
    mentee_id: str
    before: tuple[str, ...]  # mentor ids
    after: tuple[str, ...]


@dataclass
class RematchResult:
    result: MatchResult
    changes: list[Change]


def rematch(problem: Problem, previous: Sequence[Pair | PairKey], resolve: Iterable[str],
            mode: Mode = "welfare", *, declined: Iterable[PairKey] = (),
            participation_first: bool = False,
            progress: Callable[[str], None] | None = None) -> RematchResult:
    again = set(resolve)
    known = id_index(problem.mentees, "mentee")
    strangers = sorted(again - known.keys())
    if strangers:
        raise MatchingError(f"cannot re-match unknown mentee {strangers[0]!r}")
    old = [(p.mentee_id, p.mentor_id) if isinstance(p, Pair) else p for p in previous]
    c = problem.constraints
    constraints = dataclasses.replace(
        c,
        kept=frozenset(p for p in old if p[0] not in again) | c.kept,
        forbidden=c.forbidden | frozenset(declined),
        pinned=frozenset(p for p in c.pinned if p not in set(declined)),
        current=frozenset(p for p in c.current if p[0] not in again),
    )
    market = build_market(dataclasses.replace(problem, constraints=constraints), progress)
    open_to = np.array(sorted(known[m] for m in again if m in known), dtype=np.int64)
    market.free = market.free[member(market.table.mentee[market.free], open_to)]
    result = solve_market(market, mode, participation_first=participation_first)
    return RematchResult(result, _changes(old, result.pairs))


def _changes(before: list[PairKey], after: list[Pair]) -> list[Change]:
    old: dict[str, set[str]] = {}
    new: dict[str, set[str]] = {}
    for mentee, mentor in before:
        old.setdefault(mentee, set()).add(mentor)
    for pair in after:
        new.setdefault(pair.mentee_id, set()).add(pair.mentor_id)
    return [Change(m, tuple(sorted(old.get(m, ()))), tuple(sorted(new.get(m, ()))))
            for m in sorted(old.keys() | new.keys()) if old.get(m) != new.get(m)]
