"""Candidate pairs: the hard constraints, then the best-overlapping mentors per mentee.

No all-pairs loop: mentors sorted by career stage make each mentee stage's eligible mentors one
contiguous window, and shared interests come from a sparse product (an inverted index), taken in
blocks of mentees so memory stays bounded at 100,000 x 20,000.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from .errors import MatchingError
from .indexing import (
    distinct,
    encode_pairs,
    first_occurrences,
    id_index,
    member,
    pair_codes,
    token_matrices,
)
from .model import IntArray, Problem
from .slots import SlotPlan

_BLOCK = 4_000  # mentees per sparse product
_SPECIALTY_WEIGHT = 2.0  # a shared specialty counts as two shared interests when shortlisting

Progress = Callable[[str], None]
Pairs = tuple[IntArray, IntArray]


def usable_mentors(problem: Problem, plan: SlotPlan) -> npt.NDArray[np.bool_]:
    capacity = np.array([m.capacity for m in problem.mentors], dtype=np.int64)
    trained = np.array([m.trained for m in problem.mentors], dtype=bool)
    usable = (capacity > 0) & (plan.mentor_slot >= 0)
    return usable & trained if problem.constraints.require_training else usable


def eligible_mask(problem: Problem, plan: SlotPlan, rows: IntArray, cols: IntArray
                  ) -> npt.NDArray[np.bool_]:
    """Which of the given pairs pass every hard constraint except capacity."""
    c = problem.constraints
    mentee_stage = np.array([m.career_stage for m in problem.mentees], dtype=np.int64)
    mentor_stage = np.array([m.career_stage for m in problem.mentors], dtype=np.int64)
    gap = mentor_stage[cols] - mentee_stage[rows]
    slot = plan.mentor_slot[cols]
    ok = usable_mentors(problem, plan)[cols] & (gap >= c.min_gap) & (gap <= c.max_gap)
    ok &= plan.needs[rows, np.maximum(slot, 0)]
    return ok & ~member(pair_codes(rows, cols, len(problem.mentors)),
                         _codes(problem, c.forbidden, "forbidden"))


def generate_candidates(problem: Problem, plan: SlotPlan, progress: Progress | None = None
                        ) -> Pairs:
    """Eligible (mentee, mentor) index pairs: up to top_k per mentee and slot, plus every
    requested, existing, current and pinned pair."""
    mentee_keys, mentor_keys, vocabulary = token_matrices(
        [_keys(m.interests, m.specialty) for m in problem.mentees],
        [_keys(m.interests, m.specialty) for m in problem.mentors],
    )
    is_specialty = np.array([key.startswith("s:") for key in vocabulary] or [False])
    mentee_keys.data = np.where(is_specialty[mentee_keys.indices], _SPECIALTY_WEIGHT, 1.0)
    parts: list[Pairs] = []
    for slot in range(len(plan.names)):
        parts.extend(_slot_candidates(problem, plan, slot, mentee_keys, mentor_keys))
        if progress:
            progress(f"candidates: slot {slot + 1} of {len(plan.names)} done")
    requested = _requested_pairs(problem)
    keep = eligible_mask(problem, plan, *requested)
    parts.append((requested[0][keep], requested[1][keep]))
    parts.append(forced_pairs(problem))
    rows = np.concatenate([p[0] for p in parts]) if parts else np.zeros(0, np.int64)
    cols = np.concatenate([p[1] for p in parts]) if parts else np.zeros(0, np.int64)
    codes = distinct(pair_codes(rows, cols, len(problem.mentors)))
    n = max(len(problem.mentors), 1)
    return codes // n, codes % n


def forced_pairs(problem: Problem) -> Pairs:
    """Pinned pairs, and current pairs unless the caller breaks them; never forbidden."""
    c = problem.constraints
    forced = set(c.pinned) | set(c.kept) | (set() if c.break_current else set(c.current))
    clash = sorted(forced & set(c.forbidden))
    if clash:
        raise MatchingError(f"pair {clash[0]} is both forbidden and pinned or current")
    mentees = id_index(problem.mentees, "mentee")
    mentors = id_index(problem.mentors, "mentor")
    return encode_pairs(sorted(forced), mentees, mentors, "pinned or current")


def _keys(interests: tuple[str, ...], specialty: str) -> list[str]:
    keys = [f"i:{interest.strip().lower()}" for interest in interests if interest.strip()]
    return keys + ([f"s:{specialty.strip().lower()}"] if specialty.strip() else [])


def _codes(problem: Problem, pairs: frozenset[tuple[str, str]], what: str) -> IntArray:
    mentees = id_index(problem.mentees, "mentee")
    mentors = id_index(problem.mentors, "mentor")
    rows, cols = encode_pairs(sorted(pairs), mentees, mentors, what)
    return pair_codes(rows, cols, len(problem.mentors))


def _requested_pairs(problem: Problem) -> Pairs:
    mentees = id_index(problem.mentees, "mentee")
    mentors = id_index(problem.mentors, "mentor")
    wanted = [(e.id, m) for e in problem.mentees for m in e.requested if m in mentors]
    wanted += [(e, m.id) for m in problem.mentors for e in m.requested if e in mentees]
    wanted += [p for p in problem.existing | problem.constraints.current
               if p[0] in mentees and p[1] in mentors]
    return encode_pairs(wanted, mentees, mentors, "requested")


def _slot_candidates(problem: Problem, plan: SlotPlan, slot: int,
                     mentee_keys: sp.csr_matrix, mentor_keys: sp.csr_matrix) -> list[Pairs]:
    c = problem.constraints
    mentor_stage = np.array([m.career_stage for m in problem.mentors], dtype=np.int64)
    mentee_stage = np.array([m.career_stage for m in problem.mentees], dtype=np.int64)
    pool = np.flatnonzero(usable_mentors(problem, plan) & (plan.mentor_slot == slot))
    pool = pool[np.argsort(mentor_stage[pool], kind="stable")]
    pool_stage = mentor_stage[pool]
    seekers = np.flatnonzero(plan.needs[:, slot])
    parts: list[Pairs] = []
    for stage in np.unique(mentee_stage[seekers]):
        group = seekers[mentee_stage[seekers] == stage]
        lo = np.searchsorted(pool_stage, stage + c.min_gap, side="left")
        hi = np.searchsorted(pool_stage, stage + c.max_gap, side="right")
        window = pool[lo:hi]
        if window.size == 0:
            continue
        if problem.top_k is None or window.size <= problem.top_k:
            parts.append((np.repeat(group, window.size), np.tile(window, group.size)))
            continue
        for start in range(0, group.size, _BLOCK):
            block = group[start:start + _BLOCK]
            parts.append(_shortlist(problem, block, window, mentee_keys, mentor_keys))
    forbidden = _codes(problem, c.forbidden, "forbidden")
    return [(r[keep], k[keep]) for r, k in parts
            if (keep := ~member(pair_codes(r, k, len(problem.mentors)), forbidden)).any()]


def _shortlist(problem: Problem, block: IntArray, window: IntArray,
               mentee_keys: sp.csr_matrix, mentor_keys: sp.csr_matrix) -> Pairs:
    """The top_k mentors of the window for each mentee of the block, by shared keys; mentees
    sharing fewer than top_k are topped up with the window's largest-capacity mentors."""
    top_k = int(problem.top_k or 0)
    overlap = (mentee_keys[block] @ mentor_keys[window].T).tocoo()
    capacity = np.array([problem.mentors[j].capacity for j in window])
    spare = np.argsort(-capacity, kind="stable")[:top_k]
    rows = np.concatenate([overlap.row, np.repeat(np.arange(block.size), spare.size)])
    cols = np.concatenate([overlap.col, np.tile(spare, block.size)])
    pre = np.concatenate([overlap.data, np.full(block.size * spare.size, -1.0)])
    scramble = (block[rows] * 2654435761 + window[cols] * 40503) & 0xFFFFF
    shortfall = np.clip(1000 - (pre * 10).astype(np.int64), 0, None)
    order = np.argsort((rows.astype(np.int64) << 40) | (shortfall << 20) | scramble)
    codes = pair_codes(rows[order], cols[order], window.size)
    order = order[first_occurrences(codes)]
    sorted_rows = rows[order]
    rank = np.arange(order.size) - np.searchsorted(sorted_rows, sorted_rows, side="left")
    order = order[rank < top_k]
    return block[rows[order]], window[cols[order]]
