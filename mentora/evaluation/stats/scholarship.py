"""Scholarly output per person in two periods (seed 002, Table 3).

Everyone in the cohort counts, including people with nothing in a period (a zero), so counts
are built against the cohort list rather than from the entries alone.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .errors import StatsError
from .frames import require_columns
from .prepost import prepost_arrays
from .pvalues import format_p


@dataclass(frozen=True)
class ScholarshipRow:
    metric: str
    n: int
    total1: float
    mean1: float
    sd1: float
    total2: float
    mean2: float
    sd2: float
    t: float
    df: int
    p: float

    @property
    def p_ama(self) -> str:
        return format_p(self.p)


def count_by_period(
    entries: pd.DataFrame,
    people: Sequence[Hashable],
    period: tuple[int, int],
    kinds: Sequence[str],
    *,
    person_col: str = "person",
    year_col: str = "year",
    kind_col: str = "kind",
) -> pd.DataFrame:
    """Counts per person (rows, in `people` order) and kind (columns) for years in `period`.

    The period includes both end years.
    """
    require_columns(entries, [person_col, year_col, kind_col], "the scholarship entries")
    strangers = ~entries[person_col].isin(list(people))
    if strangers.any():
        row = strangers.idxmax()
        raise StatsError(
            f"row {row}: {entries.at[row, person_col]!r} in column {person_col!r} "
            "is not in the cohort"
        )
    first, last = period
    years = pd.to_numeric(entries[year_col], errors="coerce")
    chosen = entries[years.between(first, last) & entries[kind_col].isin(list(kinds))]
    # Counted by groupby: a crosstab calls len() on each person's group in Python.
    counts = chosen.groupby([person_col, kind_col], observed=True).size().unstack(fill_value=0)
    return counts.reindex(index=list(people), columns=list(kinds), fill_value=0).astype("int64")


def scholarly_output(
    period1: pd.DataFrame, period2: pd.DataFrame, metrics: Sequence[str]
) -> list[ScholarshipRow]:
    """Totals, mean (SD) per person and the paired t test per metric across two periods.

    Both frames hold one row per person (same people, any order) and one column per metric.
    """
    require_columns(period1, metrics, "period 1")
    require_columns(period2, metrics, "period 2")
    if set(period1.index) != set(period2.index):
        only = sorted(map(str, set(period1.index) ^ set(period2.index)))[:5]
        raise StatsError(f"the two periods list different people: {', '.join(only)}")
    first = period1.loc[:, list(metrics)].astype("float64")
    second = period2.loc[first.index, list(metrics)].astype("float64")
    rows = prepost_arrays(first.to_numpy(), second.to_numpy(), metrics, wilcoxon=False)
    totals1 = np.nansum(first.to_numpy(), axis=0)
    totals2 = np.nansum(second.to_numpy(), axis=0)
    return [
        ScholarshipRow(
            metric=r.item, n=r.n, total1=float(t1), mean1=r.pre_mean, sd1=r.pre_sd,
            total2=float(t2), mean2=r.post_mean, sd2=r.post_sd, t=r.t, df=r.df, p=r.p,
        )
        for r, t1, t2 in zip(rows, totals1, totals2, strict=True)
    ]
