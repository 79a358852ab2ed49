"""Paired baseline/follow-up comparison per survey item or scale, all items at once.

Every statistic is computed over the people who answered the item at both waves (complete pairs,
as seed 002's n column counts them), with array operations across items; only the Wilcoxon test
runs item by item when items have different people missing.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd
from scipy import stats

from .frames import paired_long, paired_wide
from .pvalues import format_p

ZeroMethod = Literal["wilcox", "pratt", "zsplit"]

CSV_COLUMNS = (
    "item", "n", "pre_mean", "pre_sd", "post_mean", "post_sd", "diff", "ci_low", "ci_high",
    "t", "df", "p", "p_ama", "dz", "wilcoxon_p",
)


@dataclass(frozen=True)
class PrePostRow:
    """One item's paired comparison. Values are NaN where n is too small to compute them.

    `wilcoxon_zero_method` says how the signed-rank test treated people whose answer did not
    change: "wilcox" drops them (the classic test), "pratt" ranks them and then drops them.
    """

    item: str
    n: int
    pre_mean: float
    pre_sd: float
    post_mean: float
    post_sd: float
    diff: float
    ci_low: float
    ci_high: float
    t: float
    df: int
    p: float
    dz: float
    wilcoxon_p: float
    confidence: float = 0.95
    wilcoxon_zero_method: str = "wilcox"

    @property
    def p_ama(self) -> str:
        return format_p(self.p)

    def as_record(self) -> dict[str, Any]:
        """The command line's columns, in order."""
        values = asdict(self)
        values["p_ama"] = self.p_ama
        return {name: values[name] for name in CSV_COLUMNS}


def _masked(pre: np.ndarray, post: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    both = ~(np.isnan(pre) | np.isnan(post))
    return np.where(both, pre, np.nan), np.where(both, post, np.nan), both.sum(axis=0)


def _sd(values: np.ndarray, n: np.ndarray) -> np.ndarray:
    with np.errstate(invalid="ignore", divide="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", category=RuntimeWarning)  # all-NaN columns
        mean = np.nanmean(values, axis=0)
        squares = np.nansum((values - mean) ** 2, axis=0)
        return np.where(n > 1, np.sqrt(squares / (n - 1)), np.nan)


def _wilcoxon(diffs: np.ndarray, zero_method: ZeroMethod) -> np.ndarray:
    """Signed-rank P per column; NaN where no difference is non-zero."""
    out = np.full(diffs.shape[1], np.nan)
    with warnings.catch_warnings():
        # scipy warns that small samples use the normal approximation; the P it gives is kept.
        warnings.simplefilter("ignore", category=UserWarning)
        warnings.simplefilter("ignore", category=RuntimeWarning)
        if not np.isnan(diffs).any():
            testable = np.any(diffs != 0, axis=0) & (diffs.shape[0] > 0)
            if testable.any():
                result = stats.wilcoxon(diffs[:, testable], zero_method=zero_method, axis=0)
                out[testable] = result.pvalue
            return out
        for j in range(diffs.shape[1]):
            d = diffs[:, j]
            d = d[~np.isnan(d)]
            if np.any(d != 0):
                out[j] = stats.wilcoxon(d, zero_method=zero_method).pvalue
    return out


def prepost_arrays(
    pre: np.ndarray,
    post: np.ndarray,
    items: Sequence[str],
    *,
    confidence: float = 0.95,
    zero_method: ZeroMethod = "wilcox",
    wilcoxon: bool = True,
) -> list[PrePostRow]:
    """Paired statistics for matrices of people x items (NaN = no answer), one row per item.

    `wilcoxon=False` leaves `wilcoxon_p` NaN: for callers that never show it, since scipy runs a
    permutation test (seconds per item) for 13 or fewer pairs with ties.
    """
    # One column per item, also with nobody to compare (a wave that no one answered twice).
    pre = np.asarray(pre, dtype="float64").reshape(len(pre), len(items))
    post = np.asarray(post, dtype="float64").reshape(len(post), len(items))
    before, after, n = _masked(pre, post)
    diffs = after - before
    with np.errstate(invalid="ignore", divide="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", category=RuntimeWarning)  # all-NaN columns
        pre_mean = np.nanmean(before, axis=0)
        post_mean = np.nanmean(after, axis=0)
        diff = np.nanmean(diffs, axis=0)
        sd_diff = _sd(diffs, n)
        se = sd_diff / np.sqrt(n)
        df = n - 1
        t = diff / se
        p = 2 * stats.t.sf(np.abs(t), np.where(df > 0, df, np.nan))
        half = stats.t.ppf(0.5 + confidence / 2, np.where(df > 0, df, np.nan)) * se
        dz = diff / sd_diff
    columns = {
        "n": n, "pre_mean": pre_mean, "pre_sd": _sd(before, n), "post_mean": post_mean,
        "post_sd": _sd(after, n), "diff": diff, "ci_low": diff - half, "ci_high": diff + half,
        "t": t, "df": df, "p": p, "dz": dz, "wilcoxon_p": (
            _wilcoxon(diffs, zero_method) if wilcoxon else np.full(diffs.shape[1], np.nan)
        ),
    }
    return [_row(item, j, columns, confidence, zero_method) for j, item in enumerate(items)]


def _row(
    item: str, j: int, columns: dict[str, np.ndarray], confidence: float, zero_method: str
) -> PrePostRow:
    values = {name: float(column[j]) for name, column in columns.items()}
    # A zero SD of differences gives t = ±inf or NaN: no test is possible, say so with NaN.
    if not np.isfinite(values["t"]):
        values.update(t=np.nan, p=np.nan, ci_low=np.nan, ci_high=np.nan, dz=np.nan)
    return PrePostRow(
        item=str(item),
        n=int(values.pop("n")),
        df=max(int(values.pop("df")), 0),
        confidence=confidence,
        wilcoxon_zero_method=zero_method,
        **values,
    )


def prepost(
    frame: pd.DataFrame,
    id_col: str,
    wave_col: str,
    pre: str,
    post: str,
    items: Sequence[str],
    *,
    confidence: float = 0.95,
    zero_method: ZeroMethod = "wilcox",
    wilcoxon: bool = True,
) -> list[PrePostRow]:
    """Paired statistics from long data: one row per person and wave, one column per item."""
    before, after = paired_long(frame, id_col, wave_col, pre, post, items)
    return prepost_arrays(
        before.to_numpy(), after.to_numpy(), items, confidence=confidence,
        zero_method=zero_method, wilcoxon=wilcoxon,
    )


def prepost_wide(
    frame: pd.DataFrame,
    items: Sequence[str],
    *,
    pre_suffix: str = "_pre",
    post_suffix: str = "_post",
    confidence: float = 0.95,
    zero_method: ZeroMethod = "wilcox",
) -> list[PrePostRow]:
    """Paired statistics from wide data: one row per person, `<item>_pre` and `<item>_post`."""
    before, after = paired_wide(frame, items, pre_suffix, post_suffix)
    return prepost_arrays(
        before.to_numpy(), after.to_numpy(), items, confidence=confidence, zero_method=zero_method
    )
