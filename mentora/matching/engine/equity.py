"""Equity guard: the named group's match rate and mean pair score must not fall below the
rest's. Both are ratios, so this needs CP-SAT (products of counts) instead of a flow; it is
meant for a program's cohort, not for the 100,000-mentee benchmark."""

from __future__ import annotations

import numpy as np
from ortools.sat.python import cp_model

from .errors import MatchingError
from .market import Market
from .model import EquityGuard, IntArray
from .welfare import SCALE, Solution


def solve_with_guard(market: Market, guard: EquityGuard, participation_first: bool = False,
                     time_limit: float = 60.0) -> Solution:
    model = cp_model.CpModel()
    edges = market.free
    table = market.table
    x = [model.new_bool_var(f"x{e}") for e in edges.tolist()]
    _capacities(model, market, x)
    matched = _matched_flags(model, market, x)
    in_group = np.array([m.group == guard.group for m in market.problem.mentees])
    points = np.rint(table.score * SCALE).astype(np.int64)
    _guard(model, market, x, matched, in_group, points)
    bonus = len(x) + 1  # as in welfare: among equal scores, more pairs win
    total = sum((int(points[e]) * bonus + 1) * v for e, v in zip(edges.tolist(), x, strict=True))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit
    if participation_first:
        model.maximize(sum(matched))
        _check(solver, solver.solve(model))
        model.add(sum(matched) >= round(solver.objective_value))
    model.maximize(total)
    status = _check(solver, solver.solve(model))
    chosen = np.array([e for e, v in zip(edges.tolist(), x, strict=True) if solver.value(v)],
                      dtype=np.int64)
    return Solution(chosen, status, "OR-Tools CP-SAT with equity guard")


def _check(solver: cp_model.CpSolver, status: cp_model.CpSolverStatus) -> str:
    if status == cp_model.OPTIMAL:
        return "OPTIMAL"
    if status == cp_model.FEASIBLE:
        return "FEASIBLE"
    raise MatchingError(f"the equity guard cannot be met: CP-SAT says {solver.status_name(status)}")


def _capacities(model: cp_model.CpModel, market: Market, x: list[cp_model.IntVar]) -> None:
    edges = market.free
    by_mentor: dict[int, list[cp_model.IntVar]] = {}
    by_place: dict[tuple[int, int], list[cp_model.IntVar]] = {}
    by_mentee: dict[int, list[cp_model.IntVar]] = {}
    for e, var in zip(edges.tolist(), x, strict=True):
        mentee, mentor = int(market.table.mentee[e]), int(market.table.mentor[e])
        by_mentor.setdefault(mentor, []).append(var)
        by_place.setdefault((mentee, int(market.slot[e])), []).append(var)
        by_mentee.setdefault(mentee, []).append(var)
    for mentor, chosen in by_mentor.items():
        model.add(sum(chosen) <= int(market.capacity[mentor]))
    for chosen in by_place.values():
        model.add_at_most_one(chosen)
    for mentee, chosen in by_mentee.items():
        model.add(sum(chosen) <= int(market.max_per_mentee[mentee]))


def _matched_flags(model: cp_model.CpModel, market: Market, x: list[cp_model.IntVar]
                   ) -> list[cp_model.IntVar]:
    """One flag per mentee: true when the mentee has at least one mentor, fixed ones included."""
    fixed_mentees = set(market.table.mentee[market.fixed].tolist())
    options: dict[int, list[cp_model.IntVar]] = {}
    for e, var in zip(market.free.tolist(), x, strict=True):
        options.setdefault(int(market.table.mentee[e]), []).append(var)
    flags = []
    for mentee in range(market.needs.shape[0]):
        flag = model.new_bool_var(f"m{mentee}")
        if mentee in fixed_mentees:
            model.add(flag == 1)
        else:
            model.add_max_equality(flag, options.get(mentee, []) or [model.new_constant(0)])
        flags.append(flag)
    return flags


def _guard(model: cp_model.CpModel, market: Market, x: list[cp_model.IntVar],
           matched: list[cp_model.IntVar], in_group: IntArray, points: IntArray) -> None:
    n_group = int(in_group.sum())
    n_rest = in_group.size - n_group
    if n_group == 0 or n_rest == 0:
        return
    group_matched = sum(f for f, g in zip(matched, in_group.tolist(), strict=True) if g)
    rest_matched = sum(f for f, g in zip(matched, in_group.tolist(), strict=True) if not g)
    model.add(n_rest * group_matched >= n_group * rest_matched)
    side = in_group[market.table.mentee]
    counts, sums = [], []
    for wanted in (True, False):
        fixed = market.fixed[side[market.fixed] == wanted]
        chosen = [(int(points[e]), v) for e, v in zip(market.free.tolist(), x, strict=True)
                  if side[e] == wanted]
        count = model.new_int_var(0, len(fixed) + len(chosen), f"pairs{wanted}")
        top = int(np.abs(points).sum()) + 1
        total = model.new_int_var(-top, top, f"points{wanted}")
        model.add(count == len(fixed) + sum(v for _, v in chosen))
        model.add(total == int(points[fixed].sum()) + sum(p * v for p, v in chosen))
        counts.append(count)
        sums.append(total)
    # mean(group) >= mean(rest)  <=>  sum_g * count_r >= sum_r * count_g (counts are >= 0)
    left = model.new_int_var(-(10**15), 10**15, "left")
    right = model.new_int_var(-(10**15), 10**15, "right")
    model.add_multiplication_equality(left, [sums[0], counts[1]])
    model.add_multiplication_equality(right, [sums[1], counts[0]])
    model.add(left >= right)
