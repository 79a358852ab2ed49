"""Synthetic cohorts for the matching benchmark: mentors a fifth of the mentees, capacity 1 to 6,
about 50 candidates per mentee.

    python bench/matching/generate.py 20000 --out bench-data/matching-20000

writes mentees.csv, mentors.csv and candidates.csv for `mentora match solve`.
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

import numpy as np

from mentora.matching.engine import CandidateTable, Mentee, Mentor, Problem

CANDIDATES_PER_MENTEE = 50
WORDS = [f"w{k}" for k in range(500)] + ["research", "teaching", "clinic", "leadership",
                                         "publish", "residency", "wellness", "procedures"]


def candidate_instance(n_mentees: int, seed: int = 0) -> Problem:
    """Uploaded-candidates form: 50 random mentors per mentee with scores in thousandths."""
    rng = np.random.default_rng(seed)
    n_mentors = n_mentees // 5
    mentees = [Mentee(f"e{i:06d}", 0) for i in range(n_mentees)]
    mentors = [Mentor(f"m{j:06d}", 1, int(c)) for j, c in
               enumerate(rng.integers(1, 7, size=n_mentors))]
    k = min(CANDIDATES_PER_MENTEE, n_mentors)
    rows = np.repeat(np.arange(n_mentees, dtype=np.int64), k)
    cols = _distinct_per_row(rng, n_mentees, n_mentors, k)
    scores = rng.integers(0, 10_000, size=rows.size) / 1000.0
    table = CandidateTable(rows, cols.reshape(-1), scores)
    return Problem(mentees, mentors, candidates=table)


def _distinct_per_row(rng: np.random.Generator, rows: int, pool: int, k: int) -> np.ndarray:
    """k distinct random picks from range(pool) for every row: redraw repeats until none."""
    picks = np.sort(rng.integers(0, pool, size=(rows, k)), axis=1)
    while True:
        repeat = np.zeros_like(picks, dtype=bool)
        repeat[:, 1:] = picks[:, 1:] == picks[:, :-1]
        if not repeat.any():
            return picks.astype(np.int64)
        picks[repeat] = rng.integers(0, pool, size=int(repeat.sum()))
        picks.sort(axis=1)


def attribute_instance(n_mentees: int, seed: int = 0) -> Problem:
    """Attribute form, for scoring and candidate generation: stages, interests, goals..."""
    rng = np.random.default_rng(seed)
    n_mentors = n_mentees // 5
    interests = np.array([f"interest {k}" for k in range(300)])
    specialties = np.array([f"specialty {k}" for k in range(40)])
    words = np.array(WORDS)

    def person(k: int) -> dict[str, object]:
        return {
            "interests": tuple(rng.choice(interests, size=rng.integers(1, 5), replace=False)),
            "specialty": str(rng.choice(specialties)),
            "goals": " ".join(rng.choice(words, size=rng.integers(6, 11))),
            "communication_style": str(rng.choice(["direct", "reflective", "structured",
                                                   "informal"])),
            "site": f"site {rng.integers(0, 10)}",
            "gender": str(rng.choice(["f", "m", "x"])),
        }

    mentors = [Mentor(f"m{j:06d}", int(rng.integers(1, 9)), int(rng.integers(1, 7)),
                      **person(j)) for j in range(n_mentors)]  # type: ignore[arg-type]
    mentees = []
    for i in range(n_mentees):
        asks = tuple(f"m{j:06d}" for j in rng.choice(n_mentors, size=rng.integers(1, 4)))
        mentees.append(Mentee(
            f"e{i:06d}", int(rng.integers(0, 6)), group="urm" if rng.random() < 0.1 else "",
            affinity=("gender",) if rng.random() < 0.05 else (),
            requested=asks if rng.random() < 0.1 else (), **person(i)))  # type: ignore[arg-type]
    return Problem(mentees, mentors, top_k=CANDIDATES_PER_MENTEE)


def write_csv(problem: Problem, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "mentees.csv").open("w", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["id", "career_stage", "interests"])
        out.writerows([m.id, m.career_stage, ""] for m in problem.mentees)
    with (folder / "mentors.csv").open("w", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["id", "career_stage", "capacity", "interests"])
        out.writerows([m.id, m.career_stage, m.capacity, ""] for m in problem.mentors)
    table = problem.candidates
    assert table is not None
    e_ids = np.array([m.id for m in problem.mentees], dtype=object)
    m_ids = np.array([m.id for m in problem.mentors], dtype=object)
    with (folder / "candidates.csv").open("w", newline="") as handle:
        handle.write("mentee_id,mentor_id,score\n")
        for start in range(0, len(table), 1_000_000):  # a million rows at a time
            block = slice(start, start + 1_000_000)
            handle.writelines(
                f"{e},{m},{s:.3f}\n" for e, m, s in zip(
                    e_ids[table.mentee[block]].tolist(), m_ids[table.mentor[block]].tolist(),
                    table.score[block].tolist(), strict=True))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mentees", type=int)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    write_csv(candidate_instance(args.mentees, args.seed), args.out)
