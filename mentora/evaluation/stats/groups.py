"""Shares and means with confidence intervals, overall and by group (the equity breakdowns)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats
from statsmodels.stats.proportion import proportion_confint

from .errors import StatsError
from .frames import numeric_columns, require_columns


@dataclass(frozen=True)
class Share:
    """count of n, with the Wilson score interval."""

    group: str
    count: int
    n: int
    share: float
    ci_low: float
    ci_high: float
    confidence: float = 0.95
    method: str = "Wilson score"


@dataclass(frozen=True)
class GroupMean:
    """Mean with the t interval (mean ± t(n-1) * SD / sqrt(n))."""

    group: str
    n: int
    mean: float
    sd: float
    ci_low: float
    ci_high: float
    confidence: float = 0.95


def share(count: int, n: int, *, group: str = "all", confidence: float = 0.95) -> Share:
    if n <= 0 or not 0 <= count <= n:
        raise StatsError(f"{group}: {count} of {n} is not a proportion")
    low, high = proportion_confint(count, n, alpha=1 - confidence, method="wilson")
    return Share(group, count, n, count / n, float(low), float(high), confidence)


def shares_by_group(
    frame: pd.DataFrame, group_col: str, flag_col: str, *, confidence: float = 0.95
) -> list[Share]:
    """Share of rows with `flag_col` true (1) in each group; unanswered rows are left out."""
    require_columns(frame, [group_col, flag_col])
    flags = numeric_columns(frame, [flag_col])[flag_col]
    bad = flags.notna() & ~flags.isin((0.0, 1.0))
    if bad.any():
        pos = int(np.argmax(bad.to_numpy()))
        raise StatsError(
            f"column {flag_col!r}, row {frame.index[pos]!s}: {flags.iloc[pos]:g} "
            "is not yes (1) or no (0)"
        )
    counts = flags.groupby(frame[group_col], sort=True, observed=True).agg(["sum", "count"])
    counts = counts[counts["count"] > 0]
    low, high = proportion_confint(
        counts["sum"].to_numpy(), counts["count"].to_numpy(), alpha=1 - confidence, method="wilson"
    )
    columns = (counts.index, counts["sum"], counts["count"], low, high)
    return [
        Share(str(g), int(c), int(n), c / n, float(lo), float(hi), confidence)
        for g, c, n, lo, hi in zip(*columns, strict=True)
    ]


def means_by_group(
    frame: pd.DataFrame, group_col: str, value_col: str, *, confidence: float = 0.95
) -> list[GroupMean]:
    """Mean of `value_col` per group (e.g. active mentors per mentee by gender), with t CIs."""
    require_columns(frame, [group_col, value_col])
    values = numeric_columns(frame, [value_col])[value_col]
    by_group = values.groupby(frame[group_col], sort=True, observed=True)
    summary = by_group.agg(["count", "mean", "std"])
    summary = summary[summary["count"] > 0]
    n = summary["count"].to_numpy()
    with np.errstate(invalid="ignore", divide="ignore"):
        df = np.where(n > 1, n - 1, np.nan)
        half = stats.t.ppf(0.5 + confidence / 2, df) * summary["std"].to_numpy() / np.sqrt(n)
    means = summary["mean"].to_numpy()
    return [
        GroupMean(str(g), int(k), float(m), float(s), float(m - h), float(m + h), confidence)
        for g, k, m, s, h in zip(summary.index, n, means, summary["std"], half, strict=True)
    ]
