"""Survey scores by theme presence on plain data: means worked out by hand, the interval compared
with scipy's Welch test on the same scores, and comparisons too small to show."""

from __future__ import annotations

import pytest
from scipy import stats

from mentora.qualitative.pure.score_gaps import COLUMNS, Unit, score_gaps, welch_interval


def _units(with_time: list[float], without: list[float]) -> list[Unit]:
    return [Unit(s, frozenset({"Time", "Relationship"})) for s in with_time] + [
        Unit(s, frozenset({"Relationship"})) for s in without
    ]


def test_the_interval_is_welchs_as_scipy_computes_it() -> None:
    a, b = [4, 5, 5, 3, 4, 4, 5, 2, 4, 5, 3], [3, 2, 4, 3, 3, 1, 2, 4, 3, 3, 2, 5]
    expected = stats.ttest_ind(a, b, equal_var=False).confidence_interval(0.95)
    low, high = welch_interval(a, b)
    assert low == pytest.approx(expected.low) and high == pytest.approx(expected.high)


def test_each_code_compares_those_with_it_and_those_without() -> None:
    with_time = [5.0, 4.0] * 6  # 12 respondents, mean 4.5
    without = [3.0, 2.0, 4.0] * 4  # 12 respondents, mean 3.0
    rows = {r.code: r for r in score_gaps(_units(with_time, without), ["Time", "Other"], 10)}
    time = rows["Time"]
    assert (time.n_with, time.n_without) == (12, 12)
    assert time.mean_with == pytest.approx(4.5) and time.mean_without == pytest.approx(3.0)
    assert time.difference == pytest.approx(1.5)
    assert time.ci is not None and time.ci[0] < 1.5 < time.ci[1] and time.ci[0] > 0
    other = rows["Other"]  # nobody has it: nothing to compare
    assert (other.n_with, other.n_without) == (0, 24) and not other.shown


def test_a_side_below_the_threshold_shows_counts_only() -> None:
    rows = score_gaps(_units([5.0] * 9, [3.0] * 20), ["Time", "Relationship"], 10)
    time, relationship = rows  # in the order given
    assert time.code == "Time" and (time.n_with, time.n_without) == (9, 20)
    assert time.mean_with is None and time.difference is None and time.ci is None
    assert relationship.n_without == 0 and not relationship.shown
    assert len(time.row()) == len(COLUMNS) and time.row()[2] == ""
    shown = score_gaps(_units([5.0] * 9, [3.0] * 20), ["Time"], 9)[0]
    assert shown.difference == pytest.approx(2.0) and shown.ci == (2.0, 2.0)
