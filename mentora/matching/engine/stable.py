"""Stable: mentee-proposing deferred acceptance with mentor capacities.

Each (mentee, slot) proposes down its list; a mentor holds its best offers in a heap keyed by
its own ranking and bumps the worst when full. The result is the mentee-optimal stable matching
(Gale and Shapley; Roth for capacities), found in time linear in the number of proposals.
"""

from __future__ import annotations

import heapq

import numpy as np

from .errors import MatchingError
from .market import Market
from .preferences import positions, sort_order
from .welfare import Solution


def solve_stable(market: Market) -> Solution:
    if market.problem.structure.kind == "teams" and (
            market.max_per_mentee < market.needs.sum(axis=1)).any():
        raise MatchingError("stable mode cannot cap a team below the roles a mentee needs; "
                            "use welfare mode or drop max_per_mentee")
    mentee_place, mentor_place = positions(market)
    edges = market.free
    proposer = market.table.mentee[edges] * market.n_slots + market.slot[edges]
    order = sort_order([proposer, mentee_place[edges]])
    proposer = proposer[order]
    firsts = np.flatnonzero(np.r_[True, proposer[1:] != proposer[:-1]]) if edges.size else edges
    held = _defer_and_accept(
        owner=(np.cumsum(np.r_[False, proposer[1:] != proposer[:-1]]) if edges.size
               else edges).tolist(),
        firsts=firsts.tolist(),
        mentors=market.table.mentor[edges][order].tolist(),
        mentor_place=mentor_place[edges][order].tolist(),
        capacity=market.capacity.tolist(),
    )
    return Solution(edges[order][np.array(sorted(held), dtype=np.int64)], "STABLE",
                    "deferred acceptance (mentee-proposing)")


def _defer_and_accept(owner: list[int], firsts: list[int], mentors: list[int],
                      mentor_place: list[int], capacity: list[int]) -> list[int]:
    """Positions (into the proposal lists) of the proposals held at the end.

    Proposals arrive grouped by proposer (owner[k] numbers them 0, 1, ...; firsts[p] is where
    proposer p's list starts), best choice first."""
    n = len(owner)
    cursor = list(firsts)
    heaps: list[list[tuple[int, int]]] = [[] for _ in capacity]
    waiting = list(range(len(firsts)))
    while waiting:
        who = waiting.pop()
        k = cursor[who]
        while k < n and owner[k] == who:
            mentor, place = mentors[k], mentor_place[k]
            heap, k = heaps[mentor], k + 1
            if len(heap) < capacity[mentor]:
                heapq.heappush(heap, (-place, k - 1))
                break
            if heap and -heap[0][0] > place:
                _, bumped = heapq.heapreplace(heap, (-place, k - 1))
                cursor[who] = k
                who = owner[bumped]
                k = cursor[who]
        cursor[who] = k
    return [proposal for heap in heaps for _, proposal in heap]
