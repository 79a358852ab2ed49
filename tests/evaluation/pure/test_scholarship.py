import pandas as pd
import pytest
from scipy import stats

from mentora.evaluation.stats import StatsError, count_by_period, scholarly_output

ENTRIES = pd.DataFrame({
    "person": ["ana", "ana", "ben", "ben", "ana", "cy", "cy"],
    "year": [2011, 2012, 2013, 2015, 2016, 2014, 2010],
    "kind": ["publication", "presentation", "publication", "publication", "grant",
             "publication", "publication"],
})


def test_counts_include_people_with_nothing() -> None:
    """Everyone in the cohort gets a row, zeros included; both end years count."""
    counts = count_by_period(ENTRIES, ["ana", "ben", "cy", "dee"], (2011, 2013),
                             ["publication", "presentation", "grant"])
    assert counts.to_dict("index") == {
        "ana": {"publication": 1, "presentation": 1, "grant": 0},
        "ben": {"publication": 1, "presentation": 0, "grant": 0},
        "cy": {"publication": 0, "presentation": 0, "grant": 0},
        "dee": {"publication": 0, "presentation": 0, "grant": 0},
    }


def test_entry_of_someone_outside_the_cohort_is_refused() -> None:
    """An entry for a person not in the cohort names its row rather than vanishing."""
    with pytest.raises(StatsError, match="row 5: 'cy' in column 'person' is not in the cohort"):
        count_by_period(ENTRIES, ["ana", "ben"], (2011, 2013), ["publication"])


def test_totals_means_and_paired_t_per_metric() -> None:
    """Totals, mean (SD) per person and the paired t equal pandas and scipy on the same counts."""
    people = ["ana", "ben", "cy", "dee"]
    kinds = ["publication", "grant"]
    before = count_by_period(ENTRIES, people, (2010, 2013), kinds)
    after = count_by_period(ENTRIES, people, (2014, 2016), kinds)
    rows = scholarly_output(before, after.iloc[::-1], kinds)
    pubs = rows[0]
    assert (pubs.total1, pubs.total2, pubs.n, pubs.df) == (3, 2, 4, 3)
    assert (pubs.mean1, pubs.sd1) == pytest.approx(
        (before["publication"].mean(), before["publication"].std())
    )
    reference = stats.ttest_rel(after["publication"], before["publication"])
    assert (pubs.t, pubs.p) == pytest.approx((reference.statistic, reference.pvalue))


def test_periods_must_list_the_same_people() -> None:
    """Two periods over different people cannot be paired."""
    first = pd.DataFrame({"publication": [1, 2]}, index=["ana", "ben"])
    second = pd.DataFrame({"publication": [1, 2]}, index=["ana", "cy"])
    with pytest.raises(StatsError, match="different people: ben, cy"):
        scholarly_output(first, second, ["publication"])
