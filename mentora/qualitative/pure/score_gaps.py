"""Survey scores by theme presence (mixed methods): for each code, the mean survey score of the
respondents whose comments hold it against those whose comments do not, with the difference and
its 95% confidence interval (Welch's t, unequal variances).

Pure: units in (a respondent at a wave, their score and the codes their coded comments hold),
rows out. A comparison with fewer respondents than the free-text threshold on either side shows
the counts only.
"""

from __future__ import annotations

import statistics
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from scipy import stats

CONFIDENCE = 0.95


@dataclass(frozen=True)
class Unit:
    score: float
    codes: frozenset[str]


@dataclass(frozen=True)
class ScoreGap:
    code: str
    n_with: int
    n_without: int
    mean_with: float | None  # None: suppressed (a side below the threshold)
    mean_without: float | None
    difference: float | None  # with minus without
    ci: tuple[float, float] | None

    @property
    def shown(self) -> bool:
        return self.difference is not None

    def row(self) -> list[object]:
        def fmt(value: float | None) -> object:
            return "" if value is None else round(value, 3)

        low, high = self.ci if self.ci is not None else (None, None)
        return [
            self.code,
            self.n_with,
            fmt(self.mean_with),
            self.n_without,
            fmt(self.mean_without),
            fmt(self.difference),
            fmt(low),
            fmt(high),
        ]


COLUMNS = [
    "code",
    "n_with",
    "mean_with",
    "n_without",
    "mean_without",
    "difference",
    "ci_low",
    "ci_high",
]


def welch_interval(
    a: Sequence[float], b: Sequence[float], confidence: float = CONFIDENCE
) -> tuple[float, float]:
    """The interval of mean(a) - mean(b), unequal variances (two or more values a side): scipy's
    Welch test; two sides without spread give the difference itself (scipy's would be NaN)."""
    if statistics.variance(a) == 0 and statistics.variance(b) == 0:
        diff = statistics.fmean(a) - statistics.fmean(b)
        return diff, diff
    interval = stats.ttest_ind(a, b, equal_var=False).confidence_interval(confidence)
    return float(interval.low), float(interval.high)


def score_gaps(units: Collection[Unit], codes: Sequence[str], threshold: int) -> list[ScoreGap]:
    """One row per code, in the order given."""
    rows = []
    limit = max(threshold, 2)
    for code in codes:
        with_ = [u.score for u in units if code in u.codes]
        without = [u.score for u in units if code not in u.codes]
        if len(with_) < limit or len(without) < limit:
            rows.append(ScoreGap(code, len(with_), len(without), None, None, None, None))
            continue
        mean_with, mean_without = statistics.fmean(with_), statistics.fmean(without)
        rows.append(
            ScoreGap(
                code,
                len(with_),
                len(without),
                mean_with,
                mean_without,
                mean_with - mean_without,
                welch_interval(with_, without),
            )
        )
    return rows
