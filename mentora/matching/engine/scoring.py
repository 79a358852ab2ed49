"""Compatibility scores: a weighted sum of components, kept apart so each can be explained."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from .goals import goal_vectors, rowwise_similarity
from .indexing import id_index, pair_codes, token_matrices
from .model import CandidateTable, FloatArray, IntArray, Mentee, Mentor, Problem

COMPONENTS = ("specialty", "interests", "goals", "communication", "requested",
              "mentor_requested", "existing", "affinity", "site")


def score_candidates(problem: Problem, rows: IntArray, cols: IntArray,
                     goal_method: str = "auto") -> CandidateTable:
    """Score each (mentee index, mentor index) pair from the people's attributes."""
    w = problem.weights
    mentees, mentors = problem.mentees, problem.mentors
    parts: dict[str, FloatArray] = {
        "specialty": w.specialty * _same(mentees, mentors, "specialty", rows, cols),
        "interests": w.interests * _jaccard(mentees, mentors, rows, cols),
        "goals": w.goals * _goal_similarity(mentees, mentors, rows, cols, goal_method),
        "communication": w.communication * _same(
            mentees, mentors, "communication_style", rows, cols),
        "requested": w.requested * _lookup(problem, _mentee_requests(problem), rows, cols),
        "mentor_requested": w.mentor_requested * _lookup(
            problem, _mentor_requests(problem), rows, cols),
        "existing": w.existing * _lookup(
            problem, {p: 1.0 for p in problem.existing | problem.constraints.current}, rows, cols),
        "affinity": w.affinity * _affinity(mentees, mentors, rows, cols),
        "site": w.site * _same(mentees, mentors, "site", rows, cols),
    }
    total = np.zeros(rows.shape[0], dtype=np.float64)
    for values in parts.values():
        total += values
    return CandidateTable(mentee=rows, mentor=cols, score=total, components=parts)


def _labels(values: Sequence[str], vocabulary: dict[str, int]) -> IntArray:
    """Integer codes for a categorical attribute; -1 for an empty value, which matches nothing."""
    return np.array([vocabulary.setdefault(v.strip().lower(), len(vocabulary)) if v.strip()
                     else -1 for v in values], dtype=np.int64)


def _same(mentees: Sequence[Mentee], mentors: Sequence[Mentor], attribute: str,
          rows: IntArray, cols: IntArray) -> FloatArray:
    vocabulary: dict[str, int] = {}
    left = _labels([getattr(m, attribute) for m in mentees], vocabulary)[rows]
    right = _labels([getattr(m, attribute) for m in mentors], vocabulary)[cols]
    same: FloatArray = ((left == right) & (left >= 0)).astype(np.float64)
    return same


def _jaccard(mentees: Sequence[Mentee], mentors: Sequence[Mentor],
             rows: IntArray, cols: IntArray) -> FloatArray:
    left, right, _ = token_matrices(
        [[i.strip().lower() for i in m.interests if i.strip()] for m in mentees],
        [[i.strip().lower() for i in m.interests if i.strip()] for m in mentors],
    )
    shared = rowwise_similarity(left, right, rows, cols, clip=False)
    sizes = np.asarray(left.sum(axis=1)).ravel()[rows] + np.asarray(right.sum(axis=1)).ravel()[cols]
    union = sizes - shared
    ratio: FloatArray = np.divide(shared, union, out=np.zeros_like(shared), where=union > 0)
    return ratio


def _goal_similarity(mentees: Sequence[Mentee], mentors: Sequence[Mentor], rows: IntArray,
                     cols: IntArray, method: str) -> FloatArray:
    left, right = goal_vectors([m.goals for m in mentees], [m.goals for m in mentors], method)
    return rowwise_similarity(left, right, rows, cols)


def request_ranks(problem: Problem, rows: IntArray, cols: IntArray
                  ) -> tuple[FloatArray, FloatArray]:
    """Each side's requests as rank lists: 1 for the first request; NaN where not requested."""
    mentee_side = {(e.id, m): float(k + 1) for e in problem.mentees
                   for k, m in enumerate(e.requested)}
    mentor_side = {(e, m.id): float(k + 1) for m in problem.mentors
                   for k, e in enumerate(m.requested)}
    return (_lookup(problem, mentee_side, rows, cols, missing=np.nan),
            _lookup(problem, mentor_side, rows, cols, missing=np.nan))


def _mentee_requests(problem: Problem) -> dict[tuple[str, str], float]:
    """A mentee's first choice earns the full weight, later choices a falling share."""
    values = {}
    for mentee in problem.mentees:
        n = len(mentee.requested)
        for position, mentor_id in enumerate(mentee.requested):
            values[(mentee.id, mentor_id)] = (n - position) / n
    return values


def _mentor_requests(problem: Problem) -> dict[tuple[str, str], float]:
    return {(mentee_id, mentor.id): 1.0 for mentor in problem.mentors
            for mentee_id in mentor.requested}


def _lookup(problem: Problem, values: dict[tuple[str, str], float],
            rows: IntArray, cols: IntArray, missing: float = 0.0) -> FloatArray:
    mentees = id_index(problem.mentees, "mentee")
    mentors = id_index(problem.mentors, "mentor")
    known = [(mentees[e], mentors[m], v) for (e, m), v in values.items()
             if e in mentees and m in mentors]
    out = np.full(rows.shape[0], missing, dtype=np.float64)
    if not known:
        return out
    table = np.array(known, dtype=np.float64)
    codes = pair_codes(table[:, 0].astype(np.int64), table[:, 1].astype(np.int64),
                       len(problem.mentors))
    order = np.argsort(codes)
    codes, weights = codes[order], table[order, 2]
    wanted = pair_codes(rows, cols, len(problem.mentors))
    position = np.minimum(np.searchsorted(codes, wanted), codes.size - 1)
    hit = codes[position] == wanted
    out[hit] = weights[position[hit]]
    return out


def _affinity(mentees: Sequence[Mentee], mentors: Sequence[Mentor],
              rows: IntArray, cols: IntArray) -> FloatArray:
    """Shared gender or background counts only where the mentee asked for it."""
    out = np.zeros(rows.shape[0], dtype=np.float64)
    for attribute in ("gender", "background"):
        asked: npt.NDArray[np.bool_] = np.array([attribute in m.affinity for m in mentees])
        if asked.any():
            out += asked[rows] * _same(mentees, mentors, attribute, rows, cols)
    return out
