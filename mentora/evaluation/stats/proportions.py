"""Yes/no outcomes: paired (McNemar, exact) and between two independent groups.

The difference of two independent proportions gets Newcombe's hybrid score interval (method 10
of Newcombe 1998, built from Wilson intervals), which keeps its coverage with the small groups
of a mentoring cohort where the Wald interval does not; its test is the pooled two-proportion z
test (the Pearson chi-square without continuity correction).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from statsmodels.stats.contingency_tables import mcnemar
from statsmodels.stats.proportion import confint_proportions_2indep, proportions_ztest

from .errors import StatsError
from .pvalues import format_p


@dataclass(frozen=True)
class McNemarResult:
    """Paired yes/no answers: b = yes then no, c = no then yes; exact binomial P on b and c."""

    n: int
    pre_yes: int
    post_yes: int
    yes_to_no: int
    no_to_yes: int
    p: float
    method: str = "McNemar exact (binomial on discordant pairs)"

    @property
    def p_ama(self) -> str:
        return format_p(self.p)


@dataclass(frozen=True)
class ProportionDifference:
    count1: int
    n1: int
    count2: int
    n2: int
    share1: float
    share2: float
    diff: float  # share2 - share1
    ci_low: float
    ci_high: float
    p: float
    confidence: float = 0.95
    ci_method: str = "Newcombe hybrid score (Wilson)"
    test: str = "pooled two-proportion z test"

    @property
    def p_ama(self) -> str:
        return format_p(self.p)


def _as_flags(values: Sequence[object], name: str) -> np.ndarray:
    array = np.asarray(values, dtype="float64")
    answered = array[~np.isnan(array)]
    if not np.isin(answered, (0.0, 1.0)).all():
        bad = int(np.flatnonzero(~np.isnan(array) & ~np.isin(array, (0.0, 1.0)))[0])
        raise StatsError(f"{name}, position {bad}: {array[bad]:g} is not yes (1) or no (0)")
    return array


def mcnemar_exact(pre: Sequence[object], post: Sequence[object]) -> McNemarResult:
    """McNemar's exact test on paired answers (1 yes, 0 no, NaN/None unanswered)."""
    before, after = _as_flags(pre, "baseline"), _as_flags(post, "follow-up")
    if before.shape != after.shape:
        raise StatsError(f"{len(before)} baseline answers but {len(after)} follow-up answers")
    both = ~(np.isnan(before) | np.isnan(after))
    before, after = before[both].astype(bool), after[both].astype(bool)
    table = [
        [int(np.sum(before & after)), int(np.sum(before & ~after))],
        [int(np.sum(~before & after)), int(np.sum(~before & ~after))],
    ]
    p = float(mcnemar(table, exact=True).pvalue) if before.size else float("nan")
    return McNemarResult(
        n=int(before.size),
        pre_yes=int(before.sum()),
        post_yes=int(after.sum()),
        yes_to_no=table[0][1],
        no_to_yes=table[1][0],
        p=p,
    )


def two_proportions(
    count1: int, n1: int, count2: int, n2: int, *, confidence: float = 0.95
) -> ProportionDifference:
    """Difference share2 - share1 between independent groups, with its CI and z test."""
    for count, n, label in ((count1, n1, "group 1"), (count2, n2, "group 2")):
        if n <= 0 or not 0 <= count <= n:
            raise StatsError(f"{label}: {count} of {n} is not a proportion")
    low, high = confint_proportions_2indep(
        count2, n2, count1, n1, method="newcomb", compare="diff", alpha=1 - confidence
    )
    if count1 + count2 in (0, n1 + n2):
        p = 1.0  # both groups all-no or all-yes: no difference to test
    else:
        p = float(proportions_ztest([count2, count1], [n2, n1])[1])
    return ProportionDifference(
        count1=count1, n1=n1, count2=count2, n2=n2,
        share1=count1 / n1, share2=count2 / n2, diff=count2 / n2 - count1 / n1,
        ci_low=float(low), ci_high=float(high), p=p, confidence=confidence,
    )
