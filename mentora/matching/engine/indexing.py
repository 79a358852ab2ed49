"""Between people's ids and the integer positions the vectorised code works on."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from .errors import MatchingError
from .model import IntArray, PairKey


class _HasId(Protocol):
    @property
    def id(self) -> str: ...


def id_index(people: Sequence[_HasId], side: str) -> dict[str, int]:
    index: dict[str, int] = {}
    for position, person in enumerate(people):
        if person.id in index:
            raise MatchingError(f"{side} id {person.id!r} appears twice")
        index[person.id] = position
    return index


def encode_pairs(
    pairs: Iterable[PairKey], mentees: dict[str, int], mentors: dict[str, int], what: str
) -> tuple[IntArray, IntArray]:
    rows, cols = [], []
    for mentee_id, mentor_id in pairs:
        if mentee_id not in mentees:
            raise MatchingError(f"{what} pair ({mentee_id}, {mentor_id}): unknown mentee")
        if mentor_id not in mentors:
            raise MatchingError(f"{what} pair ({mentee_id}, {mentor_id}): unknown mentor")
        rows.append(mentees[mentee_id])
        cols.append(mentors[mentor_id])
    return np.array(rows, dtype=np.int64), np.array(cols, dtype=np.int64)


def distinct(values: IntArray) -> IntArray:
    """Sorted distinct values. np.unique hashes large int arrays, which is far slower here."""
    ordered = np.sort(values)
    keep = np.ones(ordered.size, dtype=bool)
    keep[1:] = ordered[1:] != ordered[:-1]
    return ordered[keep]


def first_occurrences(values: IntArray) -> IntArray:
    """Positions of the first occurrence of each distinct value, in their original order."""
    order = np.argsort(values, kind="stable")
    ordered = values[order]
    keep = np.ones(ordered.size, dtype=bool)
    keep[1:] = ordered[1:] != ordered[:-1]
    return np.sort(order[keep])


def member(values: IntArray, pool: IntArray) -> npt.NDArray[np.bool_]:
    """np.isin for int64 codes, by binary search: np.isin hashes the large side every call."""
    if pool.size == 0 or values.size == 0:
        return np.zeros(values.shape[0], dtype=bool)
    pool = distinct(pool)
    at = np.minimum(np.searchsorted(pool, values), pool.size - 1)
    found: npt.NDArray[np.bool_] = pool[at] == values
    return found


def pair_codes(rows: IntArray, cols: IntArray, n_mentors: int) -> IntArray:
    """One int64 per pair, so pair sets are compared with member() instead of Python sets."""
    return (rows.astype(np.int64, copy=False) * np.int64(max(n_mentors, 1))
            + cols.astype(np.int64, copy=False))


def token_matrices(
    left: Sequence[Sequence[str]], right: Sequence[Sequence[str]]
) -> tuple[sp.csr_matrix, sp.csr_matrix, list[str]]:
    """Binary people x tokens matrices for both sides over one shared vocabulary."""
    vocabulary: dict[str, int] = {}
    built = []
    for token_lists in (left, right):
        indptr, indices = [0], []
        for tokens in token_lists:
            for token in dict.fromkeys(tokens):
                indices.append(vocabulary.setdefault(token, len(vocabulary)))
            indptr.append(len(indices))
        built.append((np.array(indices, dtype=np.int64), np.array(indptr, dtype=np.int64)))
    width = max(len(vocabulary), 1)
    left_matrix, right_matrix = (
        sp.csr_matrix((np.ones(len(indices), dtype=np.float32), indices, indptr),
                      shape=(len(indptr) - 1, width))
        for indices, indptr in built
    )
    return left_matrix, right_matrix, list(vocabulary)
