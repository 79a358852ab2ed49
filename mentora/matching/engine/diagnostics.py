"""What a coordinator checks after a run: who is left out and why, blocking pairs, the score
distribution, and how each group of mentees fared."""

from __future__ import annotations

import numpy as np

from .market import Market
from .model import EquityGuard, IntArray
from .preferences import positions
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
    ranks lower."""
    table = market.table
    mentee_place, mentor_place = positions(market)
    n_slots = market.n_slots
    proposer = table.mentee * n_slots + np.maximum(market.slot, 0)
    unset = np.iinfo(np.int64).max
    current = np.full(market.needs.shape[0] * n_slots, unset, dtype=np.int64)
    current[proposer[matched]] = mentee_place[matched]
    capacity = np.array([m.capacity for m in market.problem.mentors], dtype=np.int64)
    worst = np.full(capacity.size, -1, dtype=np.int64)
    np.maximum.at(worst, table.mentor[matched], mentor_place[matched])
    load = np.bincount(table.mentor[matched], minlength=capacity.size)
    worst[load < capacity] = unset
    team = np.bincount(table.mentee[matched], minlength=market.needs.shape[0])
    has_room = (current[proposer] != unset) | (team[table.mentee] < market.plan.max_per_mentee[
        table.mentee])
    wanted = market.plan.needs[table.mentee, np.maximum(market.slot, 0)] & (market.slot >= 0)
    block = wanted & has_room & (mentee_place < current[proposer])
    block &= mentor_place < worst[table.mentor]
    block[matched] = False
    return np.flatnonzero(block)


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
