"""Goal similarity: TF-IDF by default, sentence embeddings when the optional package exists."""

from __future__ import annotations

import sys
import types

import numpy as np
import pytest

from mentora.matching.engine import Mentee, Mentor, Problem, solve
from mentora.matching.engine import goals as goals_module


def goal_points(mentee_goals: str, mentor_goals: str) -> float:
    result = solve(Problem([Mentee("a", 1, goals=mentee_goals)],
                           [Mentor("b", 2, goals=mentor_goals)]))
    return dict(result.pairs[0].components)["goals"]


def test_without_the_package_goals_use_tfidf() -> None:
    """Here the embeddings package is absent, so TF-IDF scores the words goals share."""
    goals_module.embedding_encoder.cache_clear()
    assert goals_module.embedding_encoder() is None
    alike = goal_points("publish heart failure research", "heart failure research mentor")
    unlike = goal_points("publish heart failure research", "teaching anatomy to students")
    assert alike > 0.5 and unlike == 0.0


def test_the_embedding_model_is_used_and_loaded_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """When the package imports, its model encodes the goals and is loaded once per process."""
    loads = []

    class Model:
        def encode(self, texts: list[str]) -> np.ndarray:
            return np.array([[1.0, 0.0] if "heart" in t else [0.0, 1.0] for t in texts])

    def load_model(device: str | None = None) -> Model:
        loads.append(device)
        return Model()

    fake = types.ModuleType(goals_module.EMBEDDINGS_PACKAGE)
    fake.load_model = load_model  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, goals_module.EMBEDDINGS_PACKAGE, fake)
    goals_module.embedding_encoder.cache_clear()
    try:
        assert goal_points("cardiac heart work", "heart") == pytest.approx(2.0)
        assert goal_points("cardiac heart work", "teaching") == 0.0
        assert loads == ["cpu"]
    finally:
        goals_module.embedding_encoder.cache_clear()
