"""Each person left without a mentor (or mentee), with the reason in the coordinator's terms."""

from __future__ import annotations

import numpy as np

from .candidates import usable_mentors
from .market import Market
from .model import IntArray
from .result import Reason, Unmatched


def unmatched_people(market: Market, matched: IntArray) -> list[Unmatched]:
    return _unmatched_mentees(market, matched) + _unmatched_mentors(market, matched)


def _unmatched_mentees(market: Market, matched: IntArray) -> list[Unmatched]:
    table, plan, n_slots = market.table, market.plan, market.n_slots
    valid = np.flatnonzero(market.slot >= 0)
    keys = table.mentee[valid] * n_slots + market.slot[valid]
    order = np.argsort(keys, kind="stable")
    keys, valid = keys[order], valid[order]
    filled = np.zeros(plan.needs.shape, dtype=bool)
    filled[table.mentee[matched], np.maximum(market.slot[matched], 0)] = True
    team = filled.sum(axis=1)
    load = np.bincount(table.mentor[matched], minlength=len(market.problem.mentors))
    capacity = np.array([m.capacity for m in market.problem.mentors], dtype=np.int64)
    out = []
    for mentee, slot in np.argwhere(plan.needs & ~filled).tolist():
        if team[mentee] >= plan.max_per_mentee[mentee] and team[mentee] > 0:
            continue  # the team is as large as the program allows
        key = mentee * n_slots + slot
        rows = valid[np.searchsorted(keys, key, "left"):np.searchsorted(keys, key, "right")]
        reason, detail = _mentee_reason(market, mentee, slot, rows, load, capacity)
        person = market.problem.mentees[mentee].id
        out.append(Unmatched(person, "mentee", reason, detail, plan.names[slot]))
    return out


def _mentee_reason(market: Market, mentee: int, slot: int, rows: IntArray,
                   load: IntArray, capacity: IntArray) -> tuple[Reason, str]:
    if rows.size == 0:
        return "no eligible mentor", _why_none(market, mentee, slot)
    mentors = market.table.mentor[rows]
    if (load[mentors] >= capacity[mentors]).all():
        return "capacity spent", f"all {rows.size} eligible mentors are at capacity"
    guard = market.problem.equity
    if guard is not None and guard.required:
        return "conflicting constraints", "the equity guard left this place empty"
    if (market.table.score[rows] <= 0).all():
        return "conflicting constraints", "no eligible pair has a positive score"
    return "conflicting constraints", "pinned pairs and team limits left this place empty"


def _why_none(market: Market, mentee: int, slot: int) -> str:
    problem = market.problem
    if problem.candidates is not None:
        return "no pair for this mentee in the uploaded candidates"
    c = problem.constraints
    pool = usable_mentors(problem, market.plan) & (market.plan.mentor_slot == slot)
    if not pool.any():
        trained = " trained" if c.require_training else ""
        return f"no{trained} mentor with free capacity in this place"
    stage = problem.mentees[mentee].career_stage
    stages = np.array([m.career_stage for m in problem.mentors])
    near = pool & (stages - stage >= c.min_gap) & (stages - stage <= c.max_gap)
    if not near.any():
        return f"no mentor {c.min_gap} to {c.max_gap} stages above stage {stage}"
    return "every mentor in reach is a conflict or forbidden pair"


def _unmatched_mentors(market: Market, matched: IntArray) -> list[Unmatched]:
    table = market.table
    n = len(market.problem.mentors)
    load = np.bincount(table.mentor[matched], minlength=n)
    options = np.bincount(table.mentor[market.slot >= 0], minlength=n)
    out = []
    for mentor in np.flatnonzero(load == 0).tolist():
        person = market.problem.mentors[mentor]
        if person.capacity <= 0:
            continue
        if options[mentor] == 0:
            out.append(Unmatched(person.id, "mentor", "no eligible mentee",
                                 "no mentee within reach of this mentor"))
        else:
            out.append(Unmatched(person.id, "mentor", "eligible mentees matched elsewhere",
                                 f"{options[mentor]} eligible mentees got other mentors"))
    return out

