"""Agreement between coders on comment units, per code and overall (pure: numpy, scipy-free).

The data are nominal decisions: for each code, each coder and each unit (a comment, or a
transcript), whether the coder applied the code anywhere in the unit (1) or not (0); a coder who
has not coded a unit gives no decision there (missing). Per code:

- Krippendorff's alpha (nominal), by the `krippendorff` package, missing decisions allowed;
- Cohen's kappa by scikit-learn when exactly two coders took part, on the units both coded;
- percent agreement: the share of units coded by two or more coders on which all agree;
- prevalence: the share of all decisions that apply the code; n: the units coded by two or more;
- percentile bootstrap intervals (95%) of alpha, kappa and agreement, resampling units with a
  seeded generator, so the same data give the same interval.

The overall row pools every (unit, code) pair as one decision unit.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import krippendorff
import numpy as np
import numpy.typing as npt
from sklearn.metrics import cohen_kappa_score

OVERALL = "(all codes)"
BOOTSTRAP = 1000
CONFIDENCE = 0.95

# A matrix of decisions: one row per coder, one column per unit; nan where a coder gave none.
Matrix = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Figures:
    code: str
    coders: int
    units: int  # units coded by two or more coders
    alpha: float | None
    kappa: float | None
    percent_agreement: float | None
    prevalence: float | None
    alpha_ci: tuple[float, float] | None
    kappa_ci: tuple[float, float] | None
    agreement_ci: tuple[float, float] | None

    def row(self) -> dict[str, object]:
        """The CSV row: `code, coders, units, alpha, kappa, percent_agreement`, then the rest."""
        def low(ci: tuple[float, float] | None) -> float | None:
            return None if ci is None else ci[0]

        def high(ci: tuple[float, float] | None) -> float | None:
            return None if ci is None else ci[1]

        return {
            "code": self.code, "coders": self.coders, "units": self.units,
            "alpha": self.alpha, "kappa": self.kappa,
            "percent_agreement": self.percent_agreement,
            "alpha_ci_low": low(self.alpha_ci), "alpha_ci_high": high(self.alpha_ci),
            "kappa_ci_low": low(self.kappa_ci), "kappa_ci_high": high(self.kappa_ci),
            "agreement_ci_low": low(self.agreement_ci),
            "agreement_ci_high": high(self.agreement_ci),
            "prevalence": self.prevalence,
        }


COLUMNS = list(Figures("", 0, 0, None, None, None, None, None, None, None).row())


def decisions(coders: Sequence[str], units: Sequence[str], rated: Iterable[tuple[str, str]],
              applied: Iterable[tuple[str, str]]) -> Matrix:
    """The matrix for one code: `rated` holds (coder, unit) of every unit a coder coded,
    `applied` the (coder, unit) where they applied the code; an applied pair counts as rated."""
    row = {coder: i for i, coder in enumerate(coders)}
    column = {unit: j for j, unit in enumerate(units)}
    matrix = np.full((len(coders), len(units)), np.nan)
    for coder, unit in rated:
        if coder in row and unit in column:
            matrix[row[coder], column[unit]] = 0.0
    for coder, unit in applied:
        if coder in row and unit in column:
            matrix[row[coder], column[unit]] = 1.0
    return matrix


def _paired(matrix: Matrix) -> Matrix:
    """The columns (units) with decisions from two or more coders."""
    counts = (~np.isnan(matrix)).sum(axis=0)
    return matrix[:, counts >= 2]


def alpha(matrix: Matrix) -> float | None:
    """Krippendorff's alpha, nominal; None where it is undefined (one value only, no pairs)."""
    paired = _paired(matrix)
    values = paired[~np.isnan(paired)]
    if paired.shape[1] == 0 or len(np.unique(values)) < 2:
        return None
    found = float(krippendorff.alpha(reliability_data=paired, level_of_measurement="nominal"))
    return None if math.isnan(found) else found


def kappa(matrix: Matrix) -> float | None:
    """Cohen's kappa of exactly two coders on the units both coded; None otherwise or undefined."""
    if matrix.shape[0] != 2:
        return None
    both = matrix[:, ~np.isnan(matrix).any(axis=0)]
    if both.shape[1] == 0:
        return None
    first, second = both[0].astype(int), both[1].astype(int)
    if len(set(first.tolist()) | set(second.tolist())) < 2:
        return None  # every decision the same: kappa is undefined (0/0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        found = float(cohen_kappa_score(first, second))
    return None if math.isnan(found) else found


def percent_agreement(matrix: Matrix) -> float | None:
    """The share (0-1) of units coded by two or more coders on which every coder agrees."""
    paired = _paired(matrix)
    if paired.shape[1] == 0:
        return None
    agreed = [len(set(col[~np.isnan(col)].tolist())) == 1 for col in paired.T]
    return float(np.mean(agreed))


def prevalence(matrix: Matrix) -> float | None:
    values = matrix[~np.isnan(matrix)]
    return float(values.mean()) if values.size else None


def _unit_counts(paired: Matrix) -> tuple[Matrix, Matrix, Matrix]:
    """Per unit: decisions 'no' (n0) and 'yes' (n1), and n0 * n1 / (m - 1), the unit's share
    of the coincidences of unlike values (Krippendorff's o_01)."""
    n1 = np.nansum(paired, axis=0)
    m = (~np.isnan(paired)).sum(axis=0)
    n0 = m - n1
    return n0, n1, n0 * n1 / np.maximum(m - 1, 1)


def resampled_alpha(paired: Matrix, columns: npt.NDArray[np.int64]) -> Matrix:
    """Nominal alpha of binary decisions for each row of `columns` (units drawn, by index),
    from the coincidence counts: 1 - (n - 1) o_01 / (n_0 n_1); nan where undefined. The same
    figure as the krippendorff package (tests/qualitative/pure/test_reliability.py), for many
    resamples at once."""
    n0, n1, unlike = _unit_counts(paired)
    zeros, ones, o01 = n0[columns].sum(axis=1), n1[columns].sum(axis=1), unlike[columns].sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        found = 1 - (zeros + ones - 1) * o01 / (zeros * ones)
    return np.where(zeros * ones > 0, found, np.nan)


def resampled_kappa(paired: Matrix, columns: npt.NDArray[np.int64]) -> Matrix:
    """Cohen's kappa of two coders for each row of `columns`; nan where undefined."""
    if paired.shape[0] != 2:
        return np.full(columns.shape[0], np.nan)
    first, second = paired[0][columns], paired[1][columns]
    size = columns.shape[1]
    observed = (first == second).sum(axis=1) / size
    p_first, p_second = first.sum(axis=1) / size, second.sum(axis=1) / size
    expected = p_first * p_second + (1 - p_first) * (1 - p_second)
    with np.errstate(divide="ignore", invalid="ignore"):
        found = (observed - expected) / (1 - expected)
    return np.where(expected < 1, found, np.nan)


def resampled_agreement(paired: Matrix, columns: npt.NDArray[np.int64]) -> Matrix:
    n0, n1, _ = _unit_counts(paired)
    agreed: Matrix = ((n0 == 0) | (n1 == 0)).astype(np.float64)
    means: Matrix = agreed[columns].mean(axis=1)
    return means


def _percentiles(values: Matrix, draws: int) -> tuple[float, float] | None:
    defined = values[~np.isnan(values)]
    if defined.size < draws / 2:
        return None  # undefined in most resamples: no honest interval
    tail = (1 - CONFIDENCE) / 2 * 100
    low, high = np.percentile(defined, [tail, 100 - tail])
    return float(low), float(high)


def intervals(matrix: Matrix, draws: int, seed: int) -> dict[str, tuple[float, float] | None]:
    """Percentile bootstrap intervals of alpha, kappa and agreement: the units coded by two or
    more coders drawn with replacement, `draws` times, by a generator seeded with `seed`."""
    paired = _paired(matrix)
    if paired.shape[1] < 2 or draws <= 0:
        return {"alpha": None, "kappa": None, "agreement": None}
    columns = np.random.default_rng(seed).integers(0, paired.shape[1], (draws, paired.shape[1]))
    if paired.shape[0] == 2:  # kappa reads units both coders coded: with two, all paired ones
        kappa_ci = _percentiles(resampled_kappa(paired, columns), draws)
    else:
        kappa_ci = None
    return {
        "alpha": _percentiles(resampled_alpha(paired, columns), draws),
        "kappa": kappa_ci,
        "agreement": _percentiles(resampled_agreement(paired, columns), draws),
    }


def figures(code: str, matrix: Matrix, *, draws: int = BOOTSTRAP, seed: int = 0) -> Figures:
    """Every figure of one code's decision matrix (coders by units)."""
    coders = int((~np.isnan(matrix)).any(axis=1).sum())
    ci = intervals(matrix, draws, seed)
    return Figures(
        code=code, coders=coders, units=int(_paired(matrix).shape[1]),
        alpha=alpha(matrix), kappa=kappa(matrix),
        percent_agreement=percent_agreement(matrix), prevalence=prevalence(matrix),
        alpha_ci=ci["alpha"], kappa_ci=ci["kappa"], agreement_ci=ci["agreement"],
    )


def table(codes: Sequence[str], coders: Sequence[str], units: Sequence[str],
          rated: Iterable[tuple[str, str]], applied: Iterable[tuple[str, str, str]], *,
          draws: int = BOOTSTRAP, seed: int = 0) -> list[Figures]:
    """One row per code, then the overall row (every unit and code pair pooled).

    `rated`: (coder, unit) of each unit a coder coded; `applied`: (code, coder, unit)."""
    rated = list(rated)
    by_code: dict[str, list[tuple[str, str]]] = {code: [] for code in codes}
    for code, coder, unit in applied:
        if code in by_code:
            by_code[code].append((coder, unit))
    matrices = [decisions(coders, units, rated, by_code[code]) for code in codes]
    rows = [figures(code, matrix, draws=draws, seed=seed)
            for code, matrix in zip(codes, matrices, strict=True)]
    if matrices:
        pooled = np.concatenate(matrices, axis=1)
        rows.append(figures(OVERALL, pooled, draws=draws, seed=seed))
    return rows
