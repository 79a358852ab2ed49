"""Chart labels cut to fit stay distinct (mentora.core.labels), and the charts use them."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from mentora.core.labels import short_labels
from mentora.evaluation.charts import Interval, interval_chart

RESEARCH = "I feel confident setting goals for my research career"
CLINICAL = "I feel confident setting goals for my clinical career"


def test_labels_that_differ_at_the_end_keep_their_last_words():
    assert short_labels([RESEARCH, CLINICAL, "Short"]) == [
        "I feel confident setti…research career",
        "I feel confident setti…clinical career",
        "Short",
    ]


def test_a_label_that_fits_is_kept_and_a_lone_long_one_keeps_its_start():
    assert short_labels(["Overall", RESEARCH]) == ["Overall", RESEARCH[:37] + "…"]


def test_labels_that_differ_only_in_the_middle_are_numbered():
    middle = "How satisfied were you with the mentoring {} part of the same long ending here"
    short = short_labels([middle.format("ABC"), middle.format("XYZ"), middle.format("ABC")])
    assert short[0].endswith("… (1)") and short[1].endswith("… (2)")
    assert short[2] == short[0]  # the same label twice stays the same
    assert all(len(s) <= 38 for s in short)


@given(st.lists(st.text(alphabet="ab c", min_size=0, max_size=60), max_size=8),
       st.integers(min_value=12, max_value=50))
def test_distinct_labels_stay_distinct_and_fit(labels, limit):
    short = short_labels(labels, limit)
    assert all(len(s) <= limit for s in short)
    for a, b, sa, sb in ((a, b, sa, sb) for a, sa in zip(labels, short, strict=True)
                         for b, sb in zip(labels, short, strict=True)):
        assert (a == b) == (sa == sb), (a, b, sa, sb)


def test_the_forest_plot_names_each_item_apart():
    """The report's forest plot once drew two items as the same cut text."""
    svg = interval_chart("Mean difference", [Interval(RESEARCH, 0.4, 0.1, 0.7),
                                             Interval(CLINICAL, 0.2, -0.1, 0.5)], "forest-0")
    drawn = re.findall(r'text-anchor="end" fill="[^"]+">([^<]+)</text>', svg)
    names = [t for t in drawn if "…" in t]
    assert names == ["I feel confident setti…research career",
                     "I feel confident setti…clinical career"]
