import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from mentora.evaluation.stats import (
    StatsError,
    mcnemar_exact,
    means_by_group,
    share,
    shares_by_group,
    two_proportions,
)


def _wilson(count: int, n: int, z: float = stats.norm.ppf(0.975)) -> tuple[float, float]:
    p = count / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return centre - half, centre + half


@pytest.mark.parametrize(("count", "n"), [(6, 23), (0, 10), (10, 10), (17, 23), (1, 3)])
def test_share_uses_the_wilson_interval(count: int, n: int) -> None:
    """A share's CI is the Wilson score interval computed from its formula."""
    result = share(count, n)
    assert (result.ci_low, result.ci_high) == pytest.approx(_wilson(count, n))
    assert result.share == pytest.approx(count / n)


@pytest.mark.parametrize(
    ("count1", "n1", "count2", "n2"), [(48, 80, 56, 70), (6, 23, 23, 23), (5, 12, 3, 15)]
)
def test_difference_of_proportions_is_newcombes_hybrid_interval(count1, n1, count2, n2) -> None:
    """The CI combines the two Wilson intervals (Newcombe 1998, method 10); the test is the
    pooled z test."""
    result = two_proportions(count1, n1, count2, n2)
    p1, p2 = count1 / n1, count2 / n2
    (l1, u1), (l2, u2) = _wilson(count1, n1), _wilson(count2, n2)
    d = p2 - p1
    low = d - math.sqrt((p2 - l2) ** 2 + (u1 - p1) ** 2)
    high = d + math.sqrt((u2 - p2) ** 2 + (p1 - l1) ** 2)
    assert (result.diff, result.ci_low, result.ci_high) == pytest.approx((d, low, high))
    pooled = (count1 + count2) / (n1 + n2)
    z = d / math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    assert result.p == pytest.approx(2 * stats.norm.sf(abs(z)))


def test_newcombe_published_example() -> None:
    """Newcombe's worked example 56/70 vs 48/80: difference .2, 95% CI .0524 to .3339."""
    result = two_proportions(48, 80, 56, 70)
    assert (round(result.ci_low, 4), round(result.ci_high, 4)) == (0.0524, 0.3339)


def test_mcnemar_exact_is_the_binomial_test_on_discordant_pairs() -> None:
    """Seed 002: 6 of 23 had a mentor at baseline, all 23 a year later; P < .001."""
    result = mcnemar_exact([1] * 6 + [0] * 17, [1] * 23)
    assert (result.n, result.pre_yes, result.post_yes) == (23, 6, 23)
    assert (result.yes_to_no, result.no_to_yes) == (0, 17)
    assert result.p == pytest.approx(stats.binomtest(0, 17, 0.5).pvalue)
    assert result.p_ama == "<.001"


def test_mcnemar_leaves_out_unpaired_answers() -> None:
    """Only people who answered both times count; a mix of changes gives the binomial P."""
    pre = [1, 1, 0, 0, 1, None, 0, 1]
    post = [0, 1, 1, 1, 1, 1, 1, None]
    result = mcnemar_exact(pre, post)
    assert result.n == 6 and (result.yes_to_no, result.no_to_yes) == (1, 3)
    assert result.p == pytest.approx(stats.binomtest(1, 4, 0.5).pvalue)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: mcnemar_exact([1, 2], [1, 0]), "baseline, position 1: 2 is not yes"),
        (lambda: mcnemar_exact([1], [1, 0]), "1 baseline answers but 2"),
        (lambda: two_proportions(5, 4, 1, 2), "group 1: 5 of 4"),
        (lambda: share(-1, 4), "-1 of 4"),
    ],
)
def test_impossible_counts_are_refused(call, message: str) -> None:
    """Counts that cannot be proportions raise StatsError naming them."""
    with pytest.raises(StatsError, match=message):
        call()


def test_active_mentors_per_mentee_by_gender_with_t_intervals() -> None:
    """Means by group equal mean ± t(n-1) SD/sqrt(n) per group, groups sorted."""
    frame = pd.DataFrame({
        "gender": ["woman", "man", "woman", "man", "woman", "nonbinary"],
        "active_mentors": [2, 1, 3, 1, 1, 2],
    })
    result = means_by_group(frame, "gender", "active_mentors")
    assert [g.group for g in result] == ["man", "nonbinary", "woman"]
    women = np.array([2, 3, 1])
    half = stats.t.ppf(0.975, 2) * women.std(ddof=1) / math.sqrt(3)
    assert (result[2].mean, result[2].ci_low, result[2].ci_high) == pytest.approx(
        (2.0, 2.0 - half, 2.0 + half)
    )
    assert math.isnan(result[1].ci_low)  # one person: no interval


def test_shares_by_group_skip_unanswered() -> None:
    """Shares by group count yes among those who answered, with Wilson CIs."""
    frame = pd.DataFrame({
        "group": ["a", "a", "a", "b", "b"],
        "rejected": [1, 0, None, 1, 1],
    })
    a, b = shares_by_group(frame, "group", "rejected")
    assert (a.count, a.n, b.count, b.n) == (1, 2, 2, 2)
    assert (a.ci_low, a.ci_high) == pytest.approx(_wilson(1, 2))
