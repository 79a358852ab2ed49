"""Agreement figures on plain data, compared with the krippendorff package and scikit-learn
computed here on the same decisions, and with the figures a reader works out by hand."""

from __future__ import annotations

import math

import krippendorff
import numpy as np
import pytest
from sklearn.metrics import cohen_kappa_score

from mentora.qualitative.pure.reliability import (
    COLUMNS,
    OVERALL,
    decisions,
    figures,
    resampled_alpha,
    resampled_kappa,
    table,
)
from mentora.qualitative.pure.sampling import SampleError, draw, sample_size

# Krippendorff's own binary example (2011, "Computing Krippendorff's alpha-reliability"):
# two observers, ten units; alpha = 0.095.
ANN = [0, 1, 0, 0, 0, 0, 0, 0, 1, 0]
BOB = [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]


def _decisions(*coders: list[int | None]) -> tuple[list[str], list[str], set, set]:
    names = [f"c{i}" for i in range(len(coders))]
    units = [f"u{j}" for j in range(len(coders[0]))]
    rated, applied = set(), set()
    for name, row in zip(names, coders, strict=True):
        for unit, value in zip(units, row, strict=True):
            if value is not None:
                rated.add((name, unit))
            if value == 1:
                applied.add((name, unit))
    return names, units, rated, applied


def test_alpha_of_krippendorffs_example_is_his_and_the_packages() -> None:
    names, units, rated, applied = _decisions(ANN, BOB)
    found = figures("Time", decisions(names, units, rated, applied), draws=0)
    expected = krippendorff.alpha(reliability_data=[ANN, BOB], level_of_measurement="nominal")
    assert found.alpha == pytest.approx(expected)
    assert found.alpha == pytest.approx(0.095, abs=0.0005)


def test_kappa_is_scikit_learns_and_agreement_is_counted() -> None:
    names, units, rated, applied = _decisions(ANN, BOB)
    found = figures("Time", decisions(names, units, rated, applied), draws=0)
    assert found.kappa == pytest.approx(cohen_kappa_score(ANN, BOB))
    assert found.percent_agreement == pytest.approx(0.6)  # 6 of the 10 units agree
    assert found.prevalence == pytest.approx(6 / 20)  # 2 of Ann's ten, 4 of Bob's
    assert (found.coders, found.units) == (2, 10)


def test_three_coders_with_missing_decisions() -> None:
    a = [1, 0, 1, 1, None, 0, 1, 0]
    b = [1, 0, 0, 1, 1, 0, None, 0]
    c = [1, 1, 1, 1, 1, None, 1, 0]
    names, units, rated, applied = _decisions(a, b, c)
    found = figures("Resources", decisions(names, units, rated, applied), draws=0)
    data = np.array([[np.nan if v is None else v for v in row] for row in (a, b, c)], float)
    assert found.alpha == pytest.approx(
        krippendorff.alpha(reliability_data=data, level_of_measurement="nominal"))
    assert found.kappa is None  # kappa is for exactly two coders
    agreeing = [len({v for v in col if v is not None}) == 1 for col in zip(a, b, c, strict=True)]
    assert found.percent_agreement == pytest.approx(sum(agreeing) / len(agreeing))


def test_bootstrap_intervals_hold_the_estimate_and_repeat_with_the_seed() -> None:
    rng = np.random.default_rng(7)
    first = rng.integers(0, 2, 60)
    second = np.where(rng.random(60) < 0.8, first, 1 - first)
    names, units, rated, applied = _decisions(first.tolist(), second.tolist())
    matrix = decisions(names, units, rated, applied)
    once = figures("Time", matrix, draws=300, seed=3)
    again = figures("Time", matrix, draws=300, seed=3)
    assert once == again
    assert once.alpha_ci is not None and once.kappa_ci is not None
    assert once.alpha_ci[0] <= once.alpha <= once.alpha_ci[1]
    assert once.agreement_ci[0] <= once.percent_agreement <= once.agreement_ci[1]
    other = figures("Time", matrix, draws=300, seed=4)
    assert other.alpha_ci != once.alpha_ci


def test_table_has_a_row_per_code_and_an_overall_row_pooling_them() -> None:
    names, units, rated, _ = _decisions(ANN, BOB)
    applied = {("Time", c, u) for c, u in _decisions(ANN, BOB)[3]}
    applied |= {("Space", "c0", "u0"), ("Space", "c1", "u0")}
    rows = table(["Time", "Space"], names, units, rated, applied, draws=0)
    assert [r.code for r in rows] == ["Time", "Space", OVERALL]
    time_, space, overall = rows
    assert space.percent_agreement == 1.0
    pooled = np.concatenate([
        decisions(names, units, rated, {(c, u) for k, c, u in applied if k == code})
        for code in ("Time", "Space")], axis=1)
    assert overall.alpha == pytest.approx(
        krippendorff.alpha(reliability_data=pooled, level_of_measurement="nominal"))
    assert overall.units == 20
    assert list(time_.row())[:6] == ["code", "coders", "units", "alpha", "kappa",
                                      "percent_agreement"]
    assert list(time_.row()) == COLUMNS


def test_undefined_figures_are_none_not_nan() -> None:
    names, units, rated, applied = _decisions([0, 0, 0], [0, 0, 0])
    found = figures("Never used", decisions(names, units, rated, applied), draws=50)
    assert found.alpha is None and found.kappa is None
    assert found.percent_agreement == 1.0
    assert found.alpha_ci is None
    lone = figures("One coder", decisions(["a"], ["u"], {("a", "u")}, set()), draws=0)
    assert lone.units == 0 and lone.percent_agreement is None
    assert not any(isinstance(v, float) and math.isnan(v) for v in found.row().values())


def test_sample_is_the_share_rounded_up_and_repeats_with_its_seed() -> None:
    units = list(range(100, 137))  # 37 units
    assert sample_size(37, 20) == 8
    assert sample_size(3, 10) == 1
    chosen = draw(units, 20, seed=11)
    assert chosen == draw(units, 20, seed=11) and len(chosen) == 8
    assert set(chosen) <= set(units) and chosen == sorted(chosen)
    assert draw(units, 20, seed=12) != chosen
    with pytest.raises(SampleError, match="outside 10-25%"):
        draw(units, 30, seed=1)
    with pytest.raises(SampleError, match="no uncoded source"):
        draw([], 20, seed=1)


@pytest.mark.parametrize("seed", range(6))
def test_the_bootstraps_fast_figures_are_the_packages_on_every_resample(seed: int) -> None:
    """The intervals resample thousands of times with vectorised alpha and kappa: on the same
    data they give what krippendorff and scikit-learn give, missing decisions and all."""
    rng = np.random.default_rng(seed)
    coders = 2 if seed % 2 else 3
    data = rng.integers(0, 2, (coders, 30)).astype(float)
    data[rng.random(data.shape) < 0.1] = np.nan
    paired = data[:, (~np.isnan(data)).sum(axis=0) >= 2]
    columns = rng.integers(0, paired.shape[1], (5, paired.shape[1]))
    for row, fast in zip(columns, resampled_alpha(paired, columns), strict=True):
        drawn = paired[:, row]
        assert fast == pytest.approx(
            krippendorff.alpha(reliability_data=drawn, level_of_measurement="nominal"))
    if coders == 2:
        both = paired[:, ~np.isnan(paired).any(axis=0)]
        picks = rng.integers(0, both.shape[1], (5, both.shape[1]))
        for row, fast in zip(picks, resampled_kappa(both, picks), strict=True):
            assert fast == pytest.approx(cohen_kappa_score(both[0][row], both[1][row]))
