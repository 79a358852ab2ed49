"""The one error of every survey import: a file (or a choice) that cannot be imported."""

from __future__ import annotations

from collections.abc import Sequence


class ImportProblem(Exception):
    """A file that cannot be imported; `problems` name file, row and column."""

    def __init__(self, problems: Sequence[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = list(problems)
