"""Seed 002's published Tables 1 to 3, and data sets built to have exactly their summary figures.

The seed publishes summaries, not answers, so the tests rebuild paired data whose means, SDs and
SD of differences are exactly those implied by the printed figures (within their rounding), then
check that Mentora prints the same table.
"""

from __future__ import annotations

import re

import numpy as np
from scipy import stats

# n, baseline mean (SD), post mean (SD), mean difference (95% CI), P, as printed.
TABLE_1 = [
    ("goals", 22, "2.64 (0.73)", "3.55 (0.96)", "0.91 (0.48-1.34)", "<.001"),
    ("expectations", 22, "3.27 (1.03)", "4.18 (0.85)", "0.91 (0.44-1.38)", ".001"),
    ("picture", 22, "2.86 (0.83)", "3.77 (0.75)", "0.91 (0.44-1.38)", ".001"),
    ("content_area", 22, "2.86 (0.94)", "3.73 (0.83)", "0.86 (0.42-1.30)", ".001"),
    ("colleagues", 22, "3.50 (1.14)", "4.09 (0.87)", "0.59 (0.12-1.06)", ".016"),
    # The seed prints "0.50 (-0.06-1.06)"; AMA style (and the seed's own Table 2) writes "to".
    ("organizations", 22, "3.45 (1.06)", "3.95 (0.72)", "0.50 (-0.06 to 1.06)", ".077"),
    ("resources", 22, "3.91 (0.68)", "4.32 (0.65)", "0.41 (0.03-0.79)", ".036"),
    ("identity", 22, "3.45 (0.91)", "3.77 (0.87)", "0.32 (-0.12 to 0.76)", ".148"),
    ("on_track", 22, "3.36 (0.66)", "3.73 (0.88)", "0.36 (0.04-0.69)", ".029"),
    ("motivated_scholarly", 22, "3.95 (0.84)", "4.23 (0.61)", "0.27 (-0.12 to 0.66)", ".162"),
    ("motivated_rank", 22, "3.73 (1.16)", "3.82 (1.18)", "0.09 (-0.45 to 0.64)", ".732"),
]

TABLE_2 = [
    ("overall", 22, "3.32 (1.21)", "4.14 (0.77)", "0.82 (0.37-1.26)", ".001"),
    ("specific_areas", 15, "2.60 (0.91)", "3.53 (1.46)", "0.93 (0.22-1.64)", ".014"),
    ("challenges", 13, "2.92 (1.19)", "3.69 (1.49)", "0.77 (0.11-1.43)", ".026"),
    ("long_term", 16, "2.88 (1.02)", "3.50 (1.51)", "0.63 (-0.26 to 1.51)", ".155"),
    ("network", 15, "2.53 (0.99)", "3.00 (1.41)", "0.47 (-0.47 to 1.40)", ".301"),
    ("annual_goals", 17, "3.29 (1.05)", "3.41 (1.50)", "0.12 (-0.51 to 0.74)", ".696"),
    ("documenting", 15, "3.13 (1.19)", "3.40 (1.45)", "0.27 (-0.50 to 1.03)", ".469"),
    ("promotion", 13, "2.92 (1.32)", "3.15 (1.57)", "0.23 (-0.59 to 1.05)", ".553"),
    ("integrated", 15, "3.20 (0.94)", "3.20 (1.70)", "0.00 (-0.86 to 0.86)", "1.000"),
    ("mentee_role", 21, "3.10 (1.04)", "3.76 (1.04)", "0.67 (0.10-1.23)", ".023"),
    ("career_dev", 22, "4.27 (0.94)", "4.73 (0.55)", "0.45 (0.13-0.78)", ".009"),
    ("retention", 22, "4.32 (0.72)", "4.86 (0.35)", "0.55 (0.25-0.84)", ".001"),
    ("job_satisfaction", 22, "4.27 (0.77)", "4.32 (0.57)", "0.05 (-0.24 to 0.33)", ".747"),
    ("burnout", 22, "1.68 (0.72)", "1.77 (0.69)", "0.09 (-0.14 to 0.32)", ".427"),
]

# metric, time 1 total, mean (SD), time 2 total, mean (SD), paired t, P.
TABLE_3 = [
    ("publications", 38, "1.3 (2.1)", 104, "3.5 (5.2)", "3.194", ".003"),
    ("presentations", 31, "1.0 (1.6)", 62, "2.1 (3.6)", "1.707", ".099"),
    ("grants", 59, "2.0 (4.1)", 101, "3.4 (5.5)", "2.379", ".024"),
]

_MEAN_SD = re.compile(r"(-?[\d.]+) \((-?[\d.]+)\)")
_DIFF_CI = re.compile(r"(-?[\d.]+) \((-?[\d.]+)(?:-| to )(-?[\d.]+)\)")


def mean_sd(text: str) -> tuple[float, float]:
    match = _MEAN_SD.fullmatch(text)
    assert match, text
    return float(match[1]), float(match[2])


def diff_ci(text: str) -> tuple[float, float, float]:
    match = _DIFF_CI.fullmatch(text)
    assert match, text
    return float(match[1]), float(match[2]), float(match[3])


def exact_pairs(
    n: int, means: tuple[float, float], sds: tuple[float, float], sd_diff: float, seed: int = 2
) -> tuple[np.ndarray, np.ndarray]:
    """n pairs whose sample means, SDs (ddof 1) and SD of differences are exactly these."""
    r = (sds[0] ** 2 + sds[1] ** 2 - sd_diff**2) / (2 * sds[0] * sds[1])
    assert -1 < r < 1, f"no data set has these SDs (correlation {r:.2f})"
    z = np.random.default_rng(seed).standard_normal((n, 2))
    z -= z.mean(axis=0)
    z = z @ np.linalg.inv(np.linalg.cholesky(np.cov(z, rowvar=False))).T
    target = np.array([[sds[0] ** 2, r * sds[0] * sds[1]], [r * sds[0] * sds[1], sds[1] ** 2]])
    data = z @ np.linalg.cholesky(target).T + np.array(means)
    return data[:, 0], data[:, 1]


def _window(printed: float, half: float = 0.0049) -> tuple[float, float]:
    return printed - half, printed + half


def consistent_summary(
    n: int, pre: str, post: str, diff: str, p_matches: object
) -> tuple[float, float, float] | None:
    """Exact pre mean, post mean and CI half width within the printed rounding whose P passes
    `p_matches` (a predicate on the P value), or None if no such values exist."""
    m1, _ = mean_sd(pre)
    m2, _ = mean_sd(post)
    d, low, high = diff_ci(diff)
    critical = stats.t.ppf(0.975, n - 1)
    for mean1 in np.linspace(*_window(m1), 21):
        for delta in np.linspace(*_window(d), 41):
            if not (m2 - 0.0049 <= mean1 + delta <= m2 + 0.0049):
                continue
            h_low = max(delta - low - 0.0049, high - 0.0049 - delta)
            h_high = min(delta - low + 0.0049, high + 0.0049 - delta)
            for h in np.linspace(h_low, h_high, 41) if h_low < h_high else ():
                p = 2 * stats.t.sf(abs(delta) * critical / h, n - 1)
                if p_matches(p):  # type: ignore[operator]
                    return float(mean1), float(mean1 + delta), float(h)
    return None
