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
                        explain=explain, diagnose=diagnose)


def solve_market(market: Market, mode: Mode = "welfare", *, participation_first: bool = False,
                 explain: bool = True, diagnose: bool = True) -> MatchResult:
    solution = _run(market, mode, participation_first)
    matched = np.concatenate([market.fixed, solution.chosen]).astype(np.int64)
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
    problem, table = market.problem, market.table
    c = problem.constraints
    is_fixed = member(matched, market.fixed)
    names = list(table.components) or ["given"]
    pairs = []
    for row, fixed in zip(matched.tolist(), is_fixed.tolist(), strict=True):
        mentee = problem.mentees[int(table.mentee[row])]
        mentor = problem.mentors[int(table.mentor[row])]
        score = float(table.score[row])
        parts = {n: float(table.components[n][row]) if table.components else score
                 for n in names}
        why = ""
        if fixed:
            key = (mentee.id, mentor.id)
            why = ("pinned by the coordinator" if key in c.pinned else
                   "kept from the previous match" if key in c.kept else "current pair kept")
        slot = market.slot[row]
        pairs.append(Pair(
            mentee.id, mentor.id, score, market.plan.names[slot] if slot >= 0 else "", fixed,
            tuple(parts.items()),
            explain_pair(mentee, mentor, parts, why) if explain else "",
        ))
    return pairs
