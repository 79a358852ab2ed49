"""The solvers' common input: scored candidates, what is fixed in advance, what is left open."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .candidates import forced_pairs, generate_candidates
from .errors import MatchingError
from .indexing import encode_pairs, id_index, member, pair_codes
from .model import CandidateTable, IntArray, Problem
from .scoring import request_ranks, score_candidates
from .slots import SlotPlan, plan_slots


@dataclass
class Market:
    problem: Problem
    plan: SlotPlan
    table: CandidateTable  # every candidate pair, fixed ones included
    slot: IntArray  # slot index of each candidate's mentor
    fixed: IntArray  # table rows that are pinned or current: always in the result
    free: IntArray  # table rows the solver may choose
    capacity: IntArray  # each mentor's capacity left after the fixed pairs
    needs: npt.NDArray[np.bool_]  # mentees x slots still to fill
    max_per_mentee: IntArray  # mentors each mentee may still get

    @property
    def n_slots(self) -> int:
        return len(self.plan.names)


def build_market(problem: Problem, progress: Callable[[str], None] | None = None,
                 goal_method: str = "auto") -> Market:
    plan = plan_slots(problem)
    if problem.candidates is None:
        rows, cols = generate_candidates(problem, plan, progress)
        if progress:
            progress(f"scoring {rows.size:,} candidate pairs")
        table = score_candidates(problem, rows, cols, goal_method)
        if problem.rank_requests:
            table.mentee_rank, table.mentor_rank = request_ranks(problem, rows, cols)
    else:
        table = _given_candidates(problem, plan)
    return open_market(problem, plan, table)


def open_market(problem: Problem, plan: SlotPlan, table: CandidateTable) -> Market:
    """Split the candidates into fixed pairs and those left open, within capacities and needs."""
    forced = pair_codes(*forced_pairs(problem), len(problem.mentors))
    codes = pair_codes(table.mentee, table.mentor, len(problem.mentors))
    is_fixed = member(codes, forced)
    fixed = np.flatnonzero(is_fixed)
    slot = plan.mentor_slot[table.mentor]
    capacity = np.array([m.capacity for m in problem.mentors], dtype=np.int64)
    capacity -= np.bincount(table.mentor[fixed], minlength=capacity.size)
    _check_fixed(problem, plan, table, fixed, slot, capacity)
    needs = plan.needs.copy()
    placed = fixed[slot[fixed] >= 0]
    needs[table.mentee[placed], slot[placed]] = False
    most = plan.max_per_mentee - np.bincount(table.mentee[fixed], minlength=needs.shape[0])
    most = np.maximum(most, 0)
    open_ = (~is_fixed) & (slot >= 0) & (capacity[table.mentor] > 0)
    open_ &= needs[table.mentee, np.maximum(slot, 0)] & (most[table.mentee] > 0)
    return Market(problem, plan, table, slot, fixed, np.flatnonzero(open_), capacity, needs, most)


def _check_fixed(problem: Problem, plan: SlotPlan, table: CandidateTable, fixed: IntArray,
                 slot: IntArray, capacity: IntArray) -> None:
    over = np.flatnonzero(capacity < 0)
    if over.size:
        mentor = problem.mentors[int(over[0])]
        raise MatchingError(f"pinned and current pairs exceed the capacity ({mentor.capacity}) "
                            f"of mentor {mentor.id!r}")
    keys = table.mentee[fixed] * max(len(plan.names), 1) + slot[fixed]
    unique, counts = np.unique(keys, return_counts=True)
    if (counts > 1).any():
        mentee = problem.mentees[int(unique[counts > 1][0]) // max(len(plan.names), 1)]
        raise MatchingError(f"mentee {mentee.id!r} has two pinned or current mentors "
                            "for the same place")


def _given_candidates(problem: Problem, plan: SlotPlan) -> CandidateTable:
    """Uploaded candidates: only capacity applies, but forbidden pairs are still dropped and
    pinned or current pairs missing from the upload are added with a score of zero."""
    given = problem.candidates
    assert given is not None
    n = len(problem.mentors)
    forced_rows, forced_cols = forced_pairs(problem)
    missing = ~member(pair_codes(forced_rows, forced_cols, n),
                       pair_codes(given.mentee, given.mentor, n))
    table = given
    if missing.any():
        extra = CandidateTable(forced_rows[missing], forced_cols[missing],
                               np.zeros(int(missing.sum())))
        table = _concat(given, extra)
    if not problem.constraints.forbidden:
        return table  # nothing to drop: no copy of a table that may hold millions of pairs
    return table.take(_not_forbidden(problem, table))


def _not_forbidden(problem: Problem, table: CandidateTable) -> npt.NDArray[np.bool_]:
    n = len(problem.mentors)
    rows, cols = encode_pairs(sorted(problem.constraints.forbidden),
                              id_index(problem.mentees, "mentee"),
                              id_index(problem.mentors, "mentor"), "forbidden")
    return ~member(pair_codes(table.mentee, table.mentor, n), pair_codes(rows, cols, n))


def _concat(first: CandidateTable, second: CandidateTable) -> CandidateTable:
    def ranks(a: npt.NDArray[np.float64] | None, size: int) -> npt.NDArray[np.float64]:
        return np.full(size, np.nan) if a is None else a

    has_ranks = first.mentee_rank is not None or first.mentor_rank is not None
    return CandidateTable(
        mentee=np.concatenate([first.mentee, second.mentee]),
        mentor=np.concatenate([first.mentor, second.mentor]),
        score=np.concatenate([first.score, second.score]),
        mentee_rank=np.concatenate([ranks(first.mentee_rank, len(first)),
                                    ranks(None, len(second))]) if has_ranks else None,
        mentor_rank=np.concatenate([ranks(first.mentor_rank, len(first)),
                                    ranks(None, len(second))]) if has_ranks else None,
    )
