import math

import pytest
from scipy import stats

from mentora.evaluation.stats import format_p


@pytest.mark.parametrize(
    ("p", "ama"),
    [
        (0.0, "<.001"),
        (0.0004, "<.001"),
        (0.000999, "<.001"),
        (0.001, ".001"),
        (0.0034, ".003"),
        (0.0099, ".01"),  # three digits would print .010
        (0.01, ".01"),
        (0.016, ".02"),
        (0.0449, ".04"),
        (0.046, ".046"),  # rounding to .05 would hide a significant result
        (0.0496, ".049"),
        (0.05, ".05"),
        (0.077, ".08"),
        (0.148, ".15"),
        (0.5, ".50"),
        (0.99, ".99"),
        (0.994, ".99"),
        (0.996, ">.99"),
        (1.0, ">.99"),  # seed 002 Table 2 prints 1.000; AMA style asks for >.99
    ],
)
def test_ama_style(p: float, ama: str) -> None:
    """P values print without a leading zero, to two digits or three below .01, floor and cap."""
    assert format_p(p) == ama


@pytest.mark.parametrize(
    ("p", "three"),
    [
        (0.0004, "<.001"),
        (0.0006, ".001"),  # R's round(p, 3), as the seed's ".001" rows with t(21) near 4.03
        (0.016, ".016"),
        (0.0034, ".003"),
        (0.7321, ".732"),
        (1.0, "1.000"),
    ],
)
def test_three_digit_style_matches_seed_002(p: float, three: str) -> None:
    """The three-digit style prints what seed 002's tables print, 1.000 included."""
    assert format_p(p, "three") == three


def test_missing_p_prints_empty() -> None:
    """No test possible (NaN) prints as an empty cell, not 'nan'."""
    assert format_p(math.nan) == ""


@pytest.mark.parametrize("p", [-0.1, 1.2])
def test_impossible_p_is_refused(p: float) -> None:
    """A P outside 0-1 is a bug upstream and says so."""
    with pytest.raises(ValueError, match="between 0 and 1"):
        format_p(p)


@pytest.mark.parametrize(
    ("t", "df", "printed"),
    [
        (3.194, 28, ".003"),  # seed 002 Table 3, publications
        (1.707, 28, ".10"),  # printed .099 in the seed's three-digit style
        (2.379, 28, ".02"),  # printed .024
        (4.40, 21, "<.001"),  # seed 002 Table 1, first item
    ],
)
def test_published_t_statistics_give_published_p(t: float, df: int, printed: str) -> None:
    """A two-sided P from a published t and df formats as the paper reports it."""
    assert format_p(2 * stats.t.sf(t, df)) == printed
