"""Seed 002's Tables 1 to 3 come out of Mentora digit for digit from data with their figures."""

import math

import pandas as pd
import pytest
from scipy import stats

from mentora.evaluation.stats import (
    ItemSection,
    format_p,
    prepost_arrays,
    prepost_table,
    scholarly_output,
    scholarship_table,
)
from tests.evaluation.pure.seed002 import (
    TABLE_1,
    TABLE_2,
    TABLE_3,
    consistent_summary,
    exact_pairs,
    mean_sd,
)


def _rebuild(row: tuple) -> tuple[list, object]:
    item, n, pre, post, diff, printed_p = row
    summary = consistent_summary(n, pre, post, diff, lambda p: format_p(p, "three") == printed_p)
    assert summary, f"{item}: no data within the printed rounding gives P = {printed_p}"
    mean1, mean2, half = summary
    sd_diff = half / stats.t.ppf(0.975, n - 1) * math.sqrt(n)
    x, y = exact_pairs(n, (mean1, mean2), (mean_sd(pre)[1], mean_sd(post)[1]), sd_diff)
    return prepost_arrays(x.reshape(-1, 1), y.reshape(-1, 1), [item])


@pytest.mark.parametrize("row", TABLE_1 + TABLE_2, ids=lambda r: r[0])
def test_item_rows_print_as_in_the_seed(row: tuple) -> None:
    """n, mean (SD) twice, difference (95% CI) and three-digit P print as the seed prints them."""
    result = _rebuild(row)
    table = prepost_table("Table", [ItemSection(None, result)], p_style="three")
    item, n, *printed = row
    assert table.rows[0].cells == (item, str(n), *printed)


def test_table_1_layout_with_heading_anchor_note_and_footnotes() -> None:
    """Table 1: header, a section heading carrying the scale anchors, and the n and t notes."""
    rows = [r for spec in TABLE_1 for r in _rebuild(spec)]
    anchors = ("Scored on a 1-5 Likert scale (1 = strongly disagree, 2 = disagree, 3 = neutral, "
               "4 = agree, 5 = strongly agree).")
    table = prepost_table(
        "Table 1 Changes in Career Management Self-Efficacy",
        [ItemSection("Career management self-efficacy", rows)],
        labels={"goals": "I have well-defined annual goals and clear plans for achieving them"},
        notes={"Career management self-efficacy": anchors},
        respondents=23,
    )
    assert table.header == ("Survey Item", "n*", "Baseline Mean (SD)", "Post Mean (SD)",
                            "Mean Difference (95% CI)", "P Value†")
    assert table.rows[0].section and table.rows[0].cells == ("Career management self-efficacy ‡",)
    assert table.rows[1].cells[0].startswith("I have well-defined annual goals")
    # AMA style: two digits from .01 up. The seed's ".001" rows are R's round(p, 3) of a P
    # that may lie below .001, so AMA prints either "<.001" or ".001" there.
    ama = [r.cells[5] for r in table.rows[1:]]
    assert ama[0] == "<.001" and set(ama[1:4]) <= {"<.001", ".001"}
    assert ama[4:] == [".02", ".08", ".04", ".15", ".03", ".16", ".73"]
    assert table.footnotes == (
        "*Not all 23 respondents answered every item, so n may be <23.",
        "†t Test for mean difference using paired data.",
        "‡" + anchors,
    )


def test_table_2_items_sharing_an_anchor_share_its_mark() -> None:
    """Items on the same scale share one mark; a new scale gets the next; AMA caps P at >.99."""
    rows = [r for spec in TABLE_2 for r in _rebuild(spec)]
    satisfied = "Scored on a 1-5 Likert scale (1 = not at all satisfied, ...)."
    agree = "Scored on a 1-5 Likert scale (1 = strongly disagree, ...)."
    table = prepost_table(
        "Table 2",
        [ItemSection(None, rows[:12]), ItemSection("Job satisfaction, burnout", rows[12:])],
        notes={"overall": satisfied, "specific_areas": satisfied, "job_satisfaction": agree},
    )
    labels = [r.cells[0] for r in table.rows]
    assert labels[0] == "overall ‡" and labels[1] == "specific_areas ‡"
    assert labels[12] == "Job satisfaction, burnout" and labels[13] == "job_satisfaction §"
    assert table.rows[8].cells[5] == ">.99"


def _counts(n: int, total1: int, sd1: float, total2: int, sd2: float, t: float):
    mean1, mean2 = total1 / n, total2 / n
    sd_diff = (mean2 - mean1) * math.sqrt(n) / t
    return exact_pairs(n, (mean1, mean2), (sd1, sd2), sd_diff)


def test_table_3_scholarly_output_is_consistent_with_its_paired_t() -> None:
    """Per-person counts with the seed's totals and SDs give its means, t and P.

    The seed's means per mentee are totals over 30 mentees (104/30 = 3.5; 104/29 would be 3.6)
    although its header says n = 29; with 30 people every printed figure comes back.
    """
    n = 30
    first, second = {}, {}
    for metric, total1, ms1, total2, ms2, t, _ in TABLE_3:
        x, y = _counts(n, total1, mean_sd(ms1)[1], total2, mean_sd(ms2)[1], float(t))
        first[metric], second[metric] = x, y
    metrics = [r[0] for r in TABLE_3]
    rows = scholarly_output(pd.DataFrame(first), pd.DataFrame(second), metrics)
    table = scholarship_table("Table 3", rows, period1="2011-2013", period2="2014-2016")
    assert [r.cells for r in table.rows] == [
        (m, str(t1), ms1, str(t2), ms2, t, p) for m, t1, ms1, t2, ms2, t, p in TABLE_3
    ]
    assert table.header_groups[1] == ("Time 1 2011-2013", 2)
    assert table.header[1] == "Cohort Total (n = 30)"
