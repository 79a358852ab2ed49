"""The one call a program makes: build the market, run the chosen objective, explain, diagnose."""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

import numpy as np

from .errors import MatchingError
from .explain import explain_pair
from .indexing import member
from .market import Market, build_market
from .model import IntArray, Problem
from .result import Diagnostics, MatchResult, Pair
from .stable import solve_stable
from .welfare import Solution, solve_welfare

Mode = Literal["welfare", "stable"]


def solve(problem: Problem, mode: Mode = "welfare", *, participation_first: bool = False,
          explain: bool = True, diagnose: bool = True, goal_method: str = "auto",
          progress: Callable[[str], None] | None = None) -> MatchResult:
    """Match a cohort. Welfare maximises the total score (proven optimal); stable gives the
    mentee-optimal stable matching. An equity guard marked required switches welfare to CP-SAT."""
    market = build_market(problem, progress, goal_method)
    if progress:
        progress(f"solving ({mode}) over {market.free.size:,} open pairs")
    return solve_market(market, mode, participation_first=participation_first,
                        explain=explain, diagnose=diagnose, progress=progress)


def solve_market(market: Market, mode: Mode = "welfare", *, participation_first: bool = False,
                 explain: bool = True, diagnose: bool = True,
                 progress: Callable[[str], None] | None = None) -> MatchResult:
    solution = _run(market, mode, participation_first)
    matched = np.concatenate([market.fixed, solution.chosen]).astype(np.int64)
    if progress:
        progress(f"{solution.status.lower()}: {matched.size:,} pairs; listing them"
                 + (" and diagnosing" if diagnose else ""))
    pairs = build_pairs(market, matched, explain)
    result = MatchResult(mode, pairs, float(market.table.score[matched].sum()),
                         solution.status, solution.solver)
    if diagnose:
        from .diagnostics import diagnose as run_diagnostics

        result.diagnostics = run_diagnostics(market, matched, market.problem.equity)
        if mode == "stable":
            result.diagnostics.blocking_pairs = []  # stable by construction; kept for welfare
    else:
        result.diagnostics = Diagnostics()
    return result


def _run(market: Market, mode: Mode, participation_first: bool) -> Solution:
    guard = market.problem.equity
    if mode == "stable":
        if guard is not None and guard.required:
            raise MatchingError("the equity guard needs welfare mode: a stable matching is "
                                "fixed by the preferences and cannot be steered")
        return solve_stable(market)
    if mode != "welfare":
        raise MatchingError(f"unknown mode {mode!r}; use 'welfare' or 'stable'")
    if guard is not None and guard.required:
        from .equity import solve_with_guard

        return solve_with_guard(market, guard, participation_first)
    return solve_welfare(market, participation_first)


def build_pairs(market: Market, matched: IntArray, explain: bool) -> list[Pair]:
    """A Pair per matched row; the columns are taken out of numpy once, not per pair."""
    problem, table = market.problem, market.table
    c = problem.constraints
    names = list(table.components) or ["given"]
    scores = table.score[matched].tolist()
    columns = ([table.components[n][matched].tolist() for n in names] if table.components
               else [scores])
    slot_names = [*market.plan.names, ""]  # slot -1 (outside every slot) reads as ""
    pairs = []
    for mentee_at, mentor_at, score, slot, fixed, *values in zip(
            table.mentee[matched].tolist(), table.mentor[matched].tolist(), scores,
            market.slot[matched].tolist(), member(matched, market.fixed).tolist(), *columns,
            strict=True):
        mentee, mentor = problem.mentees[mentee_at], problem.mentors[mentor_at]
        parts = dict(zip(names, values, strict=True))
        why = ""
        if fixed:
            key = (mentee.id, mentor.id)
            why = ("pinned by the coordinator" if key in c.pinned else
                   "kept from the previous match" if key in c.kept else "current pair kept")
        pairs.append(Pair(
            mentee.id, mentor.id, score, slot_names[slot], fixed, tuple(parts.items()),
            explain_pair(mentee, mentor, parts, why) if explain else "",
        ))
    return pairs
