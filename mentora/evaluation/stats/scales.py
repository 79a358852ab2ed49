"""Scale scores from Likert items, with reverse-coded items turned round first."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import numpy as np
import pandas as pd

from .errors import StatsError
from .frames import numeric_columns, require_columns


def scale_score(
    frame: pd.DataFrame,
    items: Sequence[str],
    *,
    low: float,
    high: float,
    reverse: Sequence[str] = (),
    how: Literal["mean", "sum"] = "mean",
    min_answered: int | None = None,
) -> pd.Series:
    """Each row's score on a scale of `items` answered from `low` to `high`.

    A reverse-coded answer x counts as low + high - x. A row needs `min_answered` answers (all of
    them by default) or its score is missing; a sum over fewer answers is prorated (mean times
    the number of items) so that people who skipped one item stay comparable.
    """
    require_columns(frame, items, "the scale's items")
    unknown = [r for r in reverse if r not in items]
    if unknown:
        raise StatsError(f"reverse-coded {', '.join(unknown)} not among the scale's items")
    needed = len(items) if min_answered is None else min_answered
    if not 1 <= needed <= len(items):
        raise StatsError(f"min_answered must be between 1 and {len(items)}, not {needed}")
    values = numeric_columns(frame, items)
    outside = values.lt(low) | values.gt(high)
    if outside.to_numpy().any():
        i, j = np.argwhere(outside.to_numpy())[0]
        raise StatsError(
            f"column {items[j]!r}, row {values.index[i]!s}: {values.to_numpy()[i, j]:g} "
            f"lies outside {low:g}-{high:g}"
        )
    if reverse:
        values[list(reverse)] = low + high - values[list(reverse)]
    score = values.mean(axis=1, skipna=True)
    if how == "sum":
        score = score * len(items)
    return score.where(values.notna().sum(axis=1) >= needed)
