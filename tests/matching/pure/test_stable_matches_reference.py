"""Stable mode gives exactly the `matching` package's resident-optimal HospitalResident answer."""

from __future__ import annotations

import numpy as np
import pytest
from matching.games import HospitalResident

from mentora.matching.engine import CandidateTable, Mentee, Mentor, Problem, solve


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_stable_equals_hospital_resident(seed: int) -> None:
    """Same preferences (score, then id) give the same mentee-optimal stable matching."""
    rng = np.random.default_rng(seed)
    n_e, n_m, k = 120, 30, 8
    mentees = [Mentee(f"e{i:03d}", 0) for i in range(n_e)]
    mentors = [Mentor(f"m{j:03d}", 1, int(rng.integers(1, 5))) for j in range(n_m)]
    rows = np.repeat(np.arange(n_e), k)
    cols = np.concatenate([rng.choice(n_m, size=k, replace=False) for _ in range(n_e)])
    scores = rng.integers(0, 6, size=rows.size) / 2  # many ties, broken by id
    table = CandidateTable(rows, cols, scores.astype(np.float64))
    ours = solve(Problem(mentees, mentors, candidates=table), "stable")

    def order(options: list[tuple[float, str]]) -> list[str]:
        return [name for _, name in sorted(options, key=lambda o: (-o[0], o[1]))]

    resident_options: dict[str, list[tuple[float, str]]] = {}
    hospital_options: dict[str, list[tuple[float, str]]] = {}
    for i, j, s in zip(rows.tolist(), cols.tolist(), scores.tolist(), strict=True):
        resident_options.setdefault(mentees[i].id, []).append((s, mentors[j].id))
        hospital_options.setdefault(mentors[j].id, []).append((s, mentees[i].id))
    game = HospitalResident.create_from_dictionaries(
        {r: order(o) for r, o in resident_options.items()},
        {h: order(o) for h, o in hospital_options.items()},
        {m.id: m.capacity for m in mentors if m.id in hospital_options},
    )
    theirs = {(r.name, h.name) for h, rs in game.solve(optimal="resident").items() for r in rs}
    assert {(p.mentee_id, p.mentor_id) for p in ours.pairs} == theirs
