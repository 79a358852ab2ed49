import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from mentora.evaluation.stats import (
    CSV_COLUMNS,
    StatsError,
    prepost,
    prepost_arrays,
    prepost_wide,
    scale_score,
)


def _answers(seed: int, people: int = 40, items: int = 5, missing: float = 0.1):
    rng = np.random.default_rng(seed)
    pre = rng.integers(1, 6, (people, items)).astype(float)
    post = np.clip(pre + rng.integers(-1, 3, (people, items)), 1, 5)
    pre[rng.random(pre.shape) < missing] = np.nan
    post[rng.random(post.shape) < missing] = np.nan
    return pre, post


def _by_hand(pre: np.ndarray, post: np.ndarray) -> dict[str, float]:
    """Textbook formulas on the complete pairs of one item, without scipy's t test."""
    keep = ~(np.isnan(pre) | np.isnan(post))
    x, y = pre[keep], post[keep]
    d = y - x
    n = len(d)
    mean_d = d.sum() / n
    sd_d = math.sqrt(((d - mean_d) ** 2).sum() / (n - 1))
    t = mean_d / (sd_d / math.sqrt(n))
    half = stats.t.ppf(0.975, n - 1) * sd_d / math.sqrt(n)
    return {
        "n": n, "pre_mean": x.mean(), "pre_sd": x.std(ddof=1), "post_mean": y.mean(),
        "post_sd": y.std(ddof=1), "diff": mean_d, "ci_low": mean_d - half,
        "ci_high": mean_d + half, "t": t, "df": n - 1,
        "p": 2 * stats.t.sf(abs(t), n - 1), "dz": mean_d / sd_d,
    }


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("missing", [0.0, 0.15])
def test_every_statistic_matches_hand_formulas(seed: int, missing: float) -> None:
    """n, means, SDs, difference, CI, t, df, P and dz equal the textbook formulas per item."""
    pre, post = _answers(seed, missing=missing)
    rows = prepost_arrays(pre, post, [f"q{j}" for j in range(pre.shape[1])])
    for j, row in enumerate(rows):
        expected = _by_hand(pre[:, j], post[:, j])
        for name, value in expected.items():
            assert getattr(row, name) == pytest.approx(value, rel=1e-10), (row.item, name)


@pytest.mark.parametrize("missing", [0.0, 0.15])
def test_t_test_and_wilcoxon_match_scipy(missing: float) -> None:
    """The t test equals scipy's ttest_rel (CI included) and the signed-rank P scipy's wilcoxon."""
    pre, post = _answers(7, people=60, missing=missing)
    rows = prepost_arrays(pre, post, list("abcde"))
    for j, row in enumerate(rows):
        keep = ~(np.isnan(pre[:, j]) | np.isnan(post[:, j]))
        reference = stats.ttest_rel(post[keep, j], pre[keep, j])
        ci = reference.confidence_interval()
        assert (row.t, row.p, row.df) == pytest.approx(
            (reference.statistic, reference.pvalue, reference.df)
        )
        assert (row.ci_low, row.ci_high) == pytest.approx((ci.low, ci.high))
        signed_rank = stats.wilcoxon(post[keep, j] - pre[keep, j], zero_method="wilcox")
        assert row.wilcoxon_p == pytest.approx(signed_rank.pvalue)
        assert row.wilcoxon_zero_method == "wilcox"


def test_pratt_zero_method_is_passed_to_scipy() -> None:
    """Asking for Pratt's treatment of unchanged answers changes the test and is recorded."""
    pre, post = _answers(11, missing=0.0)
    (row,) = prepost_arrays(pre[:, :1], post[:, :1], ["q"], zero_method="pratt")
    assert row.wilcoxon_zero_method == "pratt"
    expected = stats.wilcoxon(post[:, 0] - pre[:, 0], zero_method="pratt").pvalue
    assert row.wilcoxon_p == pytest.approx(expected)


def test_published_ci_gives_published_t() -> None:
    """n = 22, difference 0.91 (95% CI 0.48-1.34) is t(21) = 4.40, P < .001 (seed 002, Table 1)."""
    half = (1.34 - 0.48) / 2
    sd_diff = half / stats.t.ppf(0.975, 21) * math.sqrt(22)
    d = np.random.default_rng(0).standard_normal(22)
    d = (d - d.mean()) / d.std(ddof=1) * sd_diff + 0.91
    (row,) = prepost_arrays(np.zeros((22, 1)), d.reshape(-1, 1), ["goals"])
    assert (row.n, row.df) == (22, 21)
    assert f"{row.t:.2f}" == "4.40"
    assert (f"{row.ci_low:.2f}", f"{row.ci_high:.2f}") == ("0.48", "1.34")
    assert row.p_ama == "<.001"


def test_n_counts_only_people_with_both_answers() -> None:
    """Someone who answered only at baseline counts in neither mean."""
    pre = np.array([[1.0], [2.0], [3.0], [5.0]])
    post = np.array([[2.0], [4.0], [3.0], [np.nan]])
    (row,) = prepost_arrays(pre, post, ["q"])
    assert row.n == 3
    assert row.pre_mean == pytest.approx(2.0)


@pytest.mark.parametrize(
    ("pre", "post", "n"),
    [
        ([[3.0], [4.0]], [[3.0], [4.0]], 2),  # no one changed: no test
        ([[3.0]], [[4.0]], 1),  # one pair: no SD
        ([[np.nan]], [[4.0]], 0),
    ],
)
def test_untestable_items_give_nan_not_errors(pre, post, n) -> None:
    """Items with no variation or too few pairs report n and NaN statistics."""
    (row,) = prepost_arrays(np.array(pre), np.array(post), ["q"])
    assert row.n == n
    assert math.isnan(row.p) and math.isnan(row.t) and row.p_ama == ""


def test_nobody_answering_twice_gives_a_row_per_item_not_an_error() -> None:
    """Two waves answered by different people: no pairs (the report page answered 500)."""
    rows = prepost_arrays(np.array([]), np.array([]), ["q1", "q2"], wilcoxon=False)
    assert [(row.item, row.n) for row in rows] == [("q1", 0), ("q2", 0)]


def _long(pre: np.ndarray, post: np.ndarray) -> pd.DataFrame:
    items = [f"q{j}" for j in range(pre.shape[1])]
    ids = [f"p{i}" for i in range(len(pre))]
    baseline = pd.DataFrame(pre, columns=items).assign(pid=ids, wave="baseline")
    followup = pd.DataFrame(post, columns=items).assign(pid=ids, wave="1 year")
    # Shuffled, with one person only at baseline, as real exports come.
    frame = pd.concat([followup.iloc[::-1], baseline, baseline.iloc[:1].assign(pid="extra")])
    return frame.reset_index(drop=True)


def test_long_and_wide_forms_agree_with_arrays() -> None:
    """Long data (rows per wave, any order) and wide data give the same rows as the arrays."""
    pre, post = _answers(5)
    items = [f"q{j}" for j in range(pre.shape[1])]
    expected = prepost_arrays(pre, post, items)
    long = prepost(_long(pre, post), "pid", "wave", "baseline", "1 year", items)
    wide_frame = pd.concat(
        [pd.DataFrame(pre, columns=[f"{i}_pre" for i in items]),
         pd.DataFrame(post, columns=[f"{i}_post" for i in items])], axis=1,
    )
    wide = prepost_wide(wide_frame, items)
    for a, b, c in zip(expected, long, wide, strict=True):
        assert a.as_record() == pytest.approx(b.as_record(), nan_ok=True)
        assert a.as_record() == pytest.approx(c.as_record(), nan_ok=True)


def test_record_has_the_command_line_columns() -> None:
    """Each row's record carries exactly the documented columns, in order."""
    pre, post = _answers(2)
    (row,) = prepost_arrays(pre[:, :1], post[:, :1], ["q"])
    assert tuple(row.as_record()) == CSV_COLUMNS


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda f: f.drop(columns="q1"), "column 'q1' not found"),
        (lambda f: f.replace({"wave": {"1 year": "followup"}}), "wave label '1 year' not found"),
        (lambda f: pd.concat([f, f.iloc[:1]]), "appears more than once in wave"),
        (lambda f: f.assign(q2=f["q2"].astype(object).where(f.index != 3, "n/a")),
         "column 'q2', row 3: 'n/a' is not a number"),
    ],
)
def test_bad_input_names_what_and_where(change, message: str) -> None:
    """Missing columns, unknown waves, doubled answers and non-numbers are named in the error."""
    pre, post = _answers(3)
    frame = change(_long(pre, post))
    with pytest.raises(StatsError, match=message):
        prepost(frame, "pid", "wave", "baseline", "1 year", ["q0", "q1", "q2"])


def test_scale_score_reverses_items_and_needs_enough_answers() -> None:
    """A reverse-coded item counts as low + high - x; rows short of answers get no score."""
    frame = pd.DataFrame({"a": [5, 4, np.nan], "b": [1, 2, 3], "c": [4, 4, np.nan]})
    mean = scale_score(frame, ["a", "b", "c"], low=1, high=5, reverse=["b"], min_answered=2)
    assert mean.tolist()[:2] == pytest.approx([(5 + 5 + 4) / 3, (4 + 4 + 4) / 3])
    assert math.isnan(mean.iloc[2])
    total = scale_score(frame, ["a", "b", "c"], low=1, high=5, reverse=["b"], how="sum")
    assert total.tolist()[:2] == pytest.approx([14, 12])


def test_scale_score_refuses_answers_off_the_scale() -> None:
    """An answer outside the anchors is named by column and row."""
    frame = pd.DataFrame({"a": [5, 7], "b": [1, 2]})
    with pytest.raises(StatsError, match="column 'a', row 1: 7 lies outside 1-5"):
        scale_score(frame, ["a", "b"], low=1, high=5)
