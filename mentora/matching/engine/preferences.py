"""Preference order from both sides: uploaded ranks first, then higher score, then id."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .market import Market
from .model import FloatArray, IntArray


def positions(market: Market) -> tuple[IntArray, IntArray]:
    """For every candidate, its place in its mentee's list and in its mentor's list (0 = best).

    A mentee keeps one list per slot, since each slot is filled on its own."""
    table = market.table
    mentee_id = _id_order([m.id for m in market.problem.mentees])
    mentor_id = _id_order([m.id for m in market.problem.mentors])
    proposer = table.mentee * market.n_slots + np.maximum(market.slot, 0)
    better_score = dense_rank(-table.score)
    by_mentee = sort_order([proposer, *_rank_key(table.mentee_rank), better_score,
                            mentor_id[table.mentor]])
    by_mentor = sort_order([table.mentor, *_rank_key(table.mentor_rank), better_score,
                            mentee_id[table.mentee]])
    return _place(proposer, by_mentee), _place(table.mentor, by_mentor)


@dataclass(frozen=True)
class ListOrder:
    """The order of the candidates within one side's lists, the one positions() numbers:
    uploaded rank (unranked last), then higher score, then the other person's id. Candidates
    of the same owner are compared pair by pair, so nothing the size of the table is sorted."""

    rank: FloatArray | None  # None when no pair is ranked
    score: FloatArray  # higher comes first
    other: IntArray  # each candidate's other person (an index into the table's people)
    other_order: IntArray  # each such person's place in id order

    def before(self, a: IntArray | None, b: IntArray) -> npt.NDArray[np.bool_]:
        """For each k, whether candidate a[k] (candidate k when a is None, for the whole
        table without an index array) comes before candidate b[k] in their list."""
        score_a = self.score if a is None else self.score[a]
        score_b = self.score[b]
        first: npt.NDArray[np.bool_] = score_a > score_b
        tied = np.flatnonzero(score_a == score_b)  # few: ids are looked up for these alone
        first[tied] = (self.other_order[self.other[tied if a is None else a[tied]]]
                       < self.other_order[self.other[b[tied]]])
        if self.rank is not None:
            rank_a = self.rank if a is None else self.rank[a]
            rank_b = self.rank[b]
            first = (rank_a < rank_b) | ((rank_a == rank_b) & first)
        return first

    def last(self, owner: IntArray, rows: IntArray, n_owners: int) -> IntArray:
        """The candidate each owner places last among rows (-1 for an owner with none)."""
        keys = [self.other_order[self.other[rows]], -self.score[rows]]
        if self.rank is not None:
            keys.append(self.rank[rows])
        ordered = rows[np.lexsort([*keys, owner[rows]])]
        found = np.full(n_owners, -1, dtype=np.int64)
        found[owner[ordered]] = ordered  # the last write for each owner is its last candidate
        return found


def list_orders(market: Market) -> tuple[ListOrder, ListOrder]:
    """The mentees' lists (one per slot) and the mentors' lists."""
    table = market.table
    score = table.score
    if np.isnan(score).any():  # as positions() ranks NaN: after every number, each apart
        score = -dense_rank(-score).astype(np.float64)
    rank = [None if r is None else np.where(np.isnan(r), np.inf, r)
            for r in (table.mentee_rank, table.mentor_rank)]
    return (ListOrder(rank[0], score, table.mentor,
                      _id_order([m.id for m in market.problem.mentors])),
            ListOrder(rank[1], score, table.mentee,
                      _id_order([m.id for m in market.problem.mentees])))


def sort_order(keys: list[IntArray]) -> IntArray:
    """Like np.lexsort with the most significant key first (stable), but faster on millions of
    candidates: one np.sort of the packed key with the row number in its low digits when that
    fits in 63 bits (a sort of values is many times faster than an argsort), else one argsort
    of the packed key."""
    packed = _pack_keys(keys)
    if packed is None:
        return np.lexsort(keys[::-1])
    rows = np.int64(packed.size)
    if packed.size and int(packed.max()) < (2**63 - 1) // int(rows) - 1:
        ordered: IntArray = np.sort(packed * rows + np.arange(rows, dtype=np.int64)) % rows
        return ordered
    return np.argsort(packed, kind="stable")


def _pack_keys(keys: list[IntArray]) -> IntArray | None:
    """Non-negative integer keys, most significant first, as one int64 that sorts the same
    way; None when a key is negative or the product of their ranges reaches 2**62."""
    sizes = [int(k.max()) + 1 if k.size else 1 for k in keys]
    if any(int(k.min()) < 0 for k in keys if k.size) or np.prod(sizes, dtype=object) >= 2**62:
        return None
    packed = np.zeros(keys[0].shape[0], dtype=np.int64)
    for key, size in zip(keys, sizes, strict=True):
        packed = packed * size + key
    return packed


def dense_rank(values: FloatArray) -> IntArray:
    """0 for the smallest value, 1 for the next distinct one, and so on: a sort of the values
    and a binary search into the distinct ones (NaN, which equals nothing, by an argsort)."""
    if np.isnan(values).any():
        order = np.argsort(values, kind="stable")
        ordered = values[order]
        step = np.zeros(ordered.size, dtype=np.int64)
        step[1:] = ordered[1:] != ordered[:-1]
        rank = np.empty(ordered.size, dtype=np.int64)
        rank[order] = np.cumsum(step)
        return rank
    ordered = np.sort(values)
    keep = np.ones(ordered.size, dtype=bool)
    keep[1:] = ordered[1:] != ordered[:-1]
    found: IntArray = np.searchsorted(ordered[keep], values).astype(np.int64)
    return found


def _id_order(ids: list[str]) -> IntArray:
    order = np.argsort(np.array(ids, dtype=object), kind="stable")
    place = np.empty(len(ids), dtype=np.int64)
    place[order] = np.arange(len(ids))
    return place


def _rank_key(values: FloatArray | None) -> list[IntArray]:
    """Uploaded ranks as a sort key, unranked pairs last; none at all when nothing is ranked
    (a key equal for every pair orders nothing)."""
    if values is None:
        return []
    return [dense_rank(np.where(np.isnan(values), np.inf, values))]


def _place(owner: IntArray, order: IntArray) -> IntArray:
    """Each row's place among its owner's rows, given an order that groups owners."""
    sorted_owner = owner[order]
    step = np.arange(order.size)
    starts = np.ones(order.size, dtype=bool)
    starts[1:] = sorted_owner[1:] != sorted_owner[:-1]
    place = np.empty(order.size, dtype=np.int64)
    place[order] = step - np.maximum.accumulate(np.where(starts, step, 0))
    return place
