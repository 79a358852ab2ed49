"""Which mentor fills which slot (tier or role) and which slots each mentee needs."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .errors import MatchingError
from .model import IntArray, Problem


@dataclass(frozen=True)
class SlotPlan:
    names: tuple[str, ...]  # ("",) for plain pairs
    mentor_slot: IntArray  # index into names; -1 for a mentor outside every slot
    needs: npt.NDArray[np.bool_]  # mentees x slots
    max_per_mentee: IntArray

    @property
    def is_pairs(self) -> bool:
        return self.names == ("",)


def plan_slots(problem: Problem) -> SlotPlan:
    structure = problem.structure
    n_mentees = len(problem.mentees)
    if structure.kind == "pairs":
        return SlotPlan(("",), np.zeros(len(problem.mentors), dtype=np.int64),
                        np.ones((n_mentees, 1), dtype=bool), np.ones(n_mentees, dtype=np.int64))
    labels = [m.tier if structure.kind == "tiers" else m.role for m in problem.mentors]
    names = structure.slots or tuple(sorted({label for label in labels if label}))
    if not names:
        raise MatchingError(f"{structure.kind} need mentors with a "
                            f"{'tier' if structure.kind == 'tiers' else 'role'}; none has one")
    index = {name: k for k, name in enumerate(names)}
    mentor_slot = np.array([index.get(label, -1) for label in labels], dtype=np.int64)
    needs = np.ones((n_mentees, len(names)), dtype=bool)
    if structure.kind == "teams":
        for row, mentee in enumerate(problem.mentees):
            if mentee.roles:
                needs[row] = [name in mentee.roles for name in names]
    counts = needs.sum(axis=1).astype(np.int64)
    limit = structure.max_per_mentee if structure.kind == "teams" else None
    max_per_mentee = counts if limit is None else np.minimum(counts, limit)
    return SlotPlan(tuple(names), mentor_slot, needs, max_per_mentee)
