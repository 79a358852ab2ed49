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
from .preferences import positions
from .welfare import Solution


def solve_stable(market: Market) -> Solution:
    if market.problem.structure.kind == "teams" and (
            market.max_per_mentee < market.needs.sum(axis=1)).any():
        raise MatchingError("stable mode cannot cap a team below the roles a mentee needs; "
                            "use welfare mode or drop max_per_mentee")
    mentee_place, mentor_place = positions(market)
    edges = market.free
    proposer = market.table.mentee[edges] * market.n_slots + market.slot[edges]
    order = np.lexsort((mentee_place[edges], proposer))
    held = _defer_and_accept(
        proposers=proposer[order].tolist(),
        mentors=market.table.mentor[edges][order].tolist(),
        mentor_place=mentor_place[edges][order].tolist(),
        capacity=market.capacity.tolist(),
    )
    return Solution(edges[order][np.array(sorted(held), dtype=np.int64)], "STABLE",
                    "deferred acceptance (mentee-proposing)")


def _defer_and_accept(proposers: list[int], mentors: list[int], mentor_place: list[int],
                      capacity: list[int]) -> list[int]:
    """Positions (into the proposal lists) of the proposals held at the end.

    The lists arrive sorted by proposer, best choice first."""
    n = len(proposers)
    start: dict[int, int] = {}
    for k in range(n - 1, -1, -1):
        start[proposers[k]] = k
    cursor = dict(start)
    heaps: list[list[tuple[int, int]]] = [[] for _ in capacity]
    waiting = list(start)
    while waiting:
        who = waiting.pop()
        k = cursor[who]
        while k < n and proposers[k] == who:
            mentor, place = mentors[k], mentor_place[k]
            heap, k = heaps[mentor], k + 1
            if len(heap) < capacity[mentor]:
                heapq.heappush(heap, (-place, k - 1))
                break
            if heap and -heap[0][0] > place:
                _, bumped = heapq.heapreplace(heap, (-place, k - 1))
                cursor[who] = k
                who, k = proposers[bumped], cursor[proposers[bumped]]
                continue
        cursor[who] = k
    return [proposal for heap in heaps for _, proposal in heap]
