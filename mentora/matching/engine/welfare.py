"""Welfare: the largest total score, proven optimal by OR-Tools' min-cost flow.

The network is source -> mentee [-> mentee's slot] -> mentor -> sink. Scores become integer
costs (thousandths of a point). Without participation-first a source-to-sink bypass lets the
solver leave people unmatched when that scores more; with it, the flow is maximised first.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
from ortools.graph.python import min_cost_flow

from .errors import MatchingError
from .market import Market
from .model import IntArray

SCALE = 1000  # score points to integer cost units
SOURCE, SINK, FIRST_MENTEE = 0, 1, 2


@dataclass(frozen=True)
class Solution:
    chosen: IntArray  # table rows chosen by the solver (fixed pairs not included)
    status: str
    solver: str


@dataclass
class _Network:
    parts: list[tuple[IntArray, IntArray, IntArray, IntArray]] = field(default_factory=list)
    arcs: int = 0

    def add(self, tails: IntArray, heads: IntArray, caps: IntArray | int,
            costs: IntArray | int = 0) -> int:
        """Add arcs in bulk; returns the index of the first one."""
        size = tails.size
        self.parts.append((tails, heads, np.broadcast_to(np.asarray(caps, np.int64), size),
                           np.broadcast_to(np.asarray(costs, np.int64), size)))
        self.arcs += size
        return self.arcs - size

    def solver(self) -> min_cost_flow.SimpleMinCostFlow:
        """The arcs in the order they were added, one bulk call per part: no concatenated
        copy of a network that may hold 50,000,000 arcs."""
        flow = min_cost_flow.SimpleMinCostFlow()
        for tails, heads, caps, costs in self.parts:
            flow.add_arcs_with_capacity_and_unit_cost(tails, heads, caps, costs)
        return flow


def integer_costs(scores: npt.NDArray[np.float64], tie_break: int = 0) -> IntArray:
    """Negated scores in integer units. With tie_break = (most pairs possible) + 1, every cost
    is also lowered by one unit below the score's resolution, so among equally scored
    matchings the one with more pairs wins (a zero-score pair still fills a place)."""
    scaled = scores * SCALE
    np.rint(scaled, out=scaled)
    costs = scaled.astype(np.int64)
    del scaled  # in place from here: one array of the candidates' size, not five
    if tie_break:
        costs *= tie_break
        costs += 1
    np.negative(costs, out=costs)
    return costs


def solve_welfare(market: Market, participation_first: bool = False) -> Solution:
    edges = market.free
    if edges.size == 0:
        return Solution(edges, "OPTIMAL", "nothing to choose")
    n_mentees, n_mentors = market.needs.shape[0], market.capacity.size
    first_mentor = FIRST_MENTEE + n_mentees
    mentor_nodes = first_mentor + np.arange(n_mentors)
    net = _Network()
    net.add(np.full(n_mentees, SOURCE), FIRST_MENTEE + np.arange(n_mentees),
            market.max_per_mentee)
    tails = _edge_tails(market, net, first_free_node=FIRST_MENTEE + n_mentees + n_mentors)
    supply = int(market.max_per_mentee.sum())
    heads = market.table.mentor[edges]
    heads += first_mentor
    first = net.add(tails, heads, 1, integer_costs(market.table.score[edges], supply + 1))
    net.add(mentor_nodes, np.full(n_mentors, SINK), market.capacity)
    if not participation_first:
        net.add(np.array([SOURCE]), np.array([SINK]), supply)
    flow = net.solver()
    flow.set_nodes_supplies(np.array([SOURCE, SINK]), np.array([supply, -supply]))
    status = flow.solve_max_flow_with_min_cost() if participation_first else flow.solve()
    if status != flow.OPTIMAL:
        raise MatchingError(f"the min-cost flow solver stopped with status {status}")
    used = flow.flows(np.arange(first, first + edges.size)) > 0
    return Solution(edges[used], "OPTIMAL", "OR-Tools SimpleMinCostFlow")


def _edge_tails(market: Market, net: _Network, first_free_node: int) -> IntArray:
    """Where each candidate arc starts: the mentee for pairs, else one node per (mentee, slot)
    still needed, so that each slot takes at most one mentor."""
    rows = market.table.mentee[market.free]
    if market.plan.is_pairs:
        rows += FIRST_MENTEE  # a fresh array: the gather copied
        return rows
    needed = np.argwhere(market.needs)
    node_of = np.full(market.needs.shape, -1, dtype=np.int64)
    node_of[needed[:, 0], needed[:, 1]] = first_free_node + np.arange(needed.shape[0])
    net.add(FIRST_MENTEE + needed[:, 0], node_of[needed[:, 0], needed[:, 1]], 1)
    return node_of[rows, market.slot[market.free]]
