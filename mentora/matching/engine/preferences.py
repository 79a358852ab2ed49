"""Preference order from both sides: uploaded ranks first, then higher score, then id."""

from __future__ import annotations

import numpy as np

from .market import Market
from .model import FloatArray, IntArray


def positions(market: Market) -> tuple[IntArray, IntArray]:
    """For every candidate, its place in its mentee's list and in its mentor's list (0 = best).

    A mentee keeps one list per slot, since each slot is filled on its own."""
    table = market.table
    mentee_id = _id_order([m.id for m in market.problem.mentees])
    mentor_id = _id_order([m.id for m in market.problem.mentors])
    proposer = table.mentee * market.n_slots + np.maximum(market.slot, 0)
    by_mentee = np.lexsort((mentor_id[table.mentor], -table.score,
                            _ranks(table.mentee_rank, len(table)), proposer))
    by_mentor = np.lexsort((mentee_id[table.mentee], -table.score,
                            _ranks(table.mentor_rank, len(table)), table.mentor))
    return _place(proposer, by_mentee), _place(table.mentor, by_mentor)


def _id_order(ids: list[str]) -> IntArray:
    order = np.argsort(np.array(ids, dtype=object), kind="stable")
    place = np.empty(len(ids), dtype=np.int64)
    place[order] = np.arange(len(ids))
    return place


def _ranks(values: FloatArray | None, size: int) -> FloatArray:
    if values is None:
        return np.zeros(size)
    return np.where(np.isnan(values), np.inf, values)


def _place(owner: IntArray, order: IntArray) -> IntArray:
    sorted_owner = owner[order]
    place = np.empty(order.size, dtype=np.int64)
    place[order] = np.arange(order.size) - np.searchsorted(sorted_owner, sorted_owner, "left")
    return place
