"""Each person left without a mentor (or mentee), with the reason in the coordinator's terms."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from .candidates import usable_mentors
from .market import Market
from .model import IntArray
from .result import Reason, Unmatched


def unmatched_people(market: Market, matched: IntArray) -> list[Unmatched]:
    return _unmatched_mentees(market, matched) + _unmatched_mentors(market, matched)


def _unmatched_mentees(market: Market, matched: IntArray) -> list[Unmatched]:
    """Every place left empty, with its reason; the candidates of all places are counted at
    once (how many, how many with a mentor who has room, how many with a positive score)."""
    table, plan, n_slots = market.table, market.plan, market.n_slots
    valid = market.slot >= 0
    keys = table.mentee[valid] * n_slots + market.slot[valid]
    filled = np.zeros(plan.needs.shape, dtype=bool)
    filled[table.mentee[matched], np.maximum(market.slot[matched], 0)] = True
    team = filled.sum(axis=1)
    load = np.bincount(table.mentor[matched], minlength=len(market.problem.mentors))
    capacity = np.array([m.capacity for m in market.problem.mentors], dtype=np.int64)
    mentors = table.mentor[valid]
    places = plan.needs.size
    eligible = np.bincount(keys, minlength=places)
    with_room = np.bincount(keys[load[mentors] < capacity[mentors]], minlength=places)
    positive = np.bincount(keys[~(table.score[valid] <= 0)], minlength=places)
    empty = np.argwhere(plan.needs & ~filled)
    mentee, slot = empty[:, 0], empty[:, 1]
    whole_team = (team[mentee] >= plan.max_per_mentee[mentee]) & (team[mentee] > 0)
    mentee, slot = mentee[~whole_team], slot[~whole_team]  # as large as the program allows
    key = mentee * n_slots + slot
    why_none = _WhyNone(market)
    out = []
    for person, place, count, room, scored in zip(
            mentee.tolist(), slot.tolist(), eligible[key].tolist(), with_room[key].tolist(),
            positive[key].tolist(), strict=True):
        reason: Reason = "no eligible mentor"
        if count == 0:
            detail = why_none(person, place)
        else:
            reason, detail = _mentee_reason(market, count, room, scored)
        out.append(Unmatched(market.problem.mentees[person].id, "mentee", reason, detail,
                             plan.names[place]))
    return out


def _mentee_reason(market: Market, eligible: int, with_room: int, positive: int
                   ) -> tuple[Reason, str]:
    """Why a place with eligible mentors stayed empty."""
    if with_room == 0:
        return "capacity spent", f"all {eligible} eligible mentors are at capacity"
    guard = market.problem.equity
    if guard is not None and guard.required:
        return "conflicting constraints", "the equity guard left this place empty"
    if positive == 0:
        return "conflicting constraints", "no eligible pair has a positive score"
    return "conflicting constraints", "pinned pairs and team limits left this place empty"


class _WhyNone:
    """Why a place has no eligible mentor at all; the mentor pool is worked out once."""

    def __init__(self, market: Market):
        self.market = market
        self.pool: npt.NDArray[np.bool_] | None = None
        self.stages: IntArray | None = None

    def __call__(self, mentee: int, slot: int) -> str:
        market = self.market
        problem = market.problem
        if problem.candidates is not None:
            return "no pair for this mentee in the uploaded candidates"
        c = problem.constraints
        if self.pool is None or self.stages is None:
            self.pool = usable_mentors(problem, market.plan)
            self.stages = np.array([m.career_stage for m in problem.mentors], dtype=np.int64)
        pool = self.pool & (market.plan.mentor_slot == slot)
        if not pool.any():
            trained = " trained" if c.require_training else ""
            return f"no{trained} mentor with free capacity in this place"
        stage = problem.mentees[mentee].career_stage
        near = pool & (self.stages - stage >= c.min_gap) & (self.stages - stage <= c.max_gap)
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

