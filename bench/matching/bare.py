"""The bare baseline: OR-Tools' SimpleMinCostFlow alone on a welfare network built with numpy."""

from __future__ import annotations

import time

import numpy as np
from ortools.graph.python import min_cost_flow


def min_cost_flow_alone(n_mentees: int, capacity: np.ndarray, mentee: np.ndarray,
                        mentor: np.ndarray, score: np.ndarray) -> tuple[int, float, float]:
    """source -> mentee (1) -> mentor (score in thousandths) -> sink (capacity), with a
    source-to-sink bypass so people may stay unmatched. Returns (the best total in
    thousandths, seconds to build and solve, seconds to solve alone)."""
    t = time.perf_counter()
    n_mentors = capacity.size
    flow = min_cost_flow.SimpleMinCostFlow()
    tails = np.concatenate([np.zeros(n_mentees, np.int64), 2 + mentee,
                            2 + n_mentees + np.arange(n_mentors), [0]])
    heads = np.concatenate([2 + np.arange(n_mentees), 2 + n_mentees + mentor,
                            np.ones(n_mentors, np.int64), [1]])
    caps = np.concatenate([np.ones(n_mentees + mentee.size, np.int64),
                           capacity.astype(np.int64), [n_mentees]])
    costs = np.concatenate([np.zeros(n_mentees, np.int64), -np.rint(score * 1000),
                            np.zeros(n_mentors + 1, np.int64)]).astype(np.int64)
    flow.add_arcs_with_capacity_and_unit_cost(tails, heads, caps, costs)
    del tails, heads, caps, costs
    flow.set_nodes_supplies(np.array([0, 1]), np.array([n_mentees, -n_mentees]))
    s = time.perf_counter()
    assert flow.solve() == flow.OPTIMAL
    done = time.perf_counter()
    return -flow.optimal_cost(), done - t, done - s
