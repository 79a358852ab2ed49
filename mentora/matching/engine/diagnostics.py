"""What a coordinator checks after a run: who is left out and why, blocking pairs, the score
distribution, and how each group of mentees fared."""

from __future__ import annotations

import numpy as np

from .market import Market
from .model import EquityGuard, IntArray
from .preferences import list_orders
from .result import Diagnostics, EquityGap, GroupStats, ScoreSummary
from .unmatched import unmatched_people

BLOCKING_LISTED = 100  # pairs named in full; all of them are counted


def diagnose(market: Market, matched: IntArray, guard: EquityGuard | None) -> Diagnostics:
    """`matched` holds the table rows of every pair in the result, fixed ones included."""
    blocking = blocking_pairs(market, matched)
    problem = market.problem
    scores = market.table.score[matched]
    groups = group_stats(market, matched)
    return Diagnostics(
        unmatched=unmatched_people(market, matched),
        blocking_pairs=[(problem.mentees[int(market.table.mentee[e])].id,
                         problem.mentors[int(market.table.mentor[e])].id)
                        for e in blocking[:BLOCKING_LISTED]],
        blocking_pair_count=int(blocking.size),
        scores=_summary(scores),
        groups=groups,
        equity=None if guard is None else equity_gap(market, matched, guard),
    )


def blocking_pairs(market: Market, matched: IntArray) -> IntArray:
    """Candidate rows whose mentee and mentor would both rather have each other: the mentee's
    slot is empty or holds someone it ranks lower, and the mentor has room or holds a mentee it
    ranks lower. Each candidate is compared with the one its mentee holds, then (the few still
    in the running) with the one its mentor would drop first, so the table is never sorted."""
    table, plan = market.table, market.plan
    mentee_lists, mentor_lists = list_orders(market)
    proposer = table.mentee * market.n_slots + np.maximum(market.slot, 0)
    current = np.full(market.needs.size, -1, dtype=np.int64)
    current[proposer[matched]] = matched
    held = current[proposer]
    free = held < 0
    maybe = free | mentee_lists.before(None, np.maximum(held, 0))  # the mentee would swap
    team = np.bincount(table.mentee[matched], minlength=market.needs.shape[0])
    full_team = np.flatnonzero(free)
    full_team = full_team[team[table.mentee[full_team]]
                          >= plan.max_per_mentee[table.mentee[full_team]]]
    maybe[full_team] = False  # an empty place, but the team is as large as allowed
    if (market.slot < 0).any():
        maybe &= market.slot >= 0
    if not plan.needs.all():
        maybe &= plan.needs[table.mentee, np.maximum(market.slot, 0)]
    maybe[matched] = False
    rows = np.flatnonzero(maybe)
    capacity = np.array([m.capacity for m in market.problem.mentors], dtype=np.int64)
    load = np.bincount(table.mentor[matched], minlength=capacity.size)
    mentor = table.mentor[rows]
    worst = mentor_lists.last(table.mentor, matched, capacity.size)[mentor]
    taken = worst >= 0
    room = (load < capacity)[mentor]
    return rows[room | (taken & mentor_lists.before(rows, np.where(taken, worst, rows)))]


def group_stats(market: Market, matched: IntArray) -> dict[str, GroupStats]:
    labels = np.array([m.group or "(none)" for m in market.problem.mentees], dtype=object)
    has_pair = np.bincount(market.table.mentee[matched], minlength=labels.size) > 0
    pair_labels = labels[market.table.mentee[matched]]
    scores = market.table.score[matched]
    stats = {}
    for label in sorted(set(labels.tolist())):
        members = labels == label
        theirs = scores[pair_labels == label]
        n, hit = int(members.sum()), int(has_pair[members].sum())
        mean = float(theirs.mean()) if theirs.size else float("nan")
        stats[label] = GroupStats(label, n, hit, hit / n, mean)
    return stats


def equity_gap(market: Market, matched: IntArray, guard: EquityGuard) -> EquityGap:
    in_group = np.array([m.group == guard.group for m in market.problem.mentees])
    has_pair = np.bincount(market.table.mentee[matched], minlength=in_group.size) > 0
    pair_in_group = in_group[market.table.mentee[matched]]
    scores = market.table.score[matched]

    def rate(mask: np.ndarray) -> float:
        return float(has_pair[mask].mean()) if mask.any() else float("nan")

    def mean(mask: np.ndarray) -> float:
        return float(scores[mask].mean()) if mask.any() else float("nan")

    return EquityGap(guard.group, rate(in_group) - rate(~in_group),
                     mean(pair_in_group) - mean(~pair_in_group), guard.required)


def _summary(scores: np.ndarray) -> ScoreSummary | None:
    if scores.size == 0:
        return None
    q1, q2, q3 = np.quantile(scores, [0.25, 0.5, 0.75])
    return ScoreSummary(int(scores.size), float(scores.mean()), float(scores.min()),
                        (float(q1), float(q2), float(q3)), float(scores.max()))
