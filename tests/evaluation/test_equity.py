"""Equity breakdowns pass every group through the core's suppression: small groups and their
complements are hidden, no share shows a hidden numerator, and the export shows the same."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from mentora.evaluation.reports import CohortData, ReportOptions, compute_report
from mentora.evaluation.reports.equity import equity
from mentora.evaluation.section_tables import equity_table


def _cohort(women: int, men: int, other: int) -> CohortData:
    genders = ["woman"] * women + ["man"] * men + ["other"] * other
    people = list(range(1, len(genders) + 1))
    labels = {"woman": "Woman", "man": "Man", "other": "Another gender"}
    # Every third mentee declined their assigned mentor; the others have two active mentors.
    pairs = []
    for p in people:
        if p % 3 == 0:
            pairs.append((p * 10, p, 999, "declined"))
        else:
            pairs += [(p * 10 + k, p, 900 + k, "active") for k in (1, 2)]
    return CohortData(
        name="Cohort", starts_on=date(2025, 7, 1), ends_on=date(2026, 6, 30),
        enrolments=pd.DataFrame({"person": people, "role": "mentee", "status": "active",
                                 "enrolled_on": date(2025, 7, 1), "withdrawn_on": None}),
        demographics=pd.DataFrame({"person": people, "gender": [labels[g] for g in genders],
                                   "urim": "Not stated"}),
        mentorships=pd.DataFrame(
            [(i, m, t, s, "matched", date(2025, 7, 20), None, None, date(2025, 7, 10))
             for i, m, t, s in pairs],
            columns=["id", "mentee", "mentor", "status", "source", "started_on", "declined_on",
                     "ended_on", "created_on"]),
    )


def _by(breakdowns, measure, dimension="Gender"):
    return next(b for b in breakdowns if b.measure == measure and b.dimension == dimension)


@pytest.mark.parametrize(("women", "men", "other", "threshold", "hidden"), [
    (12, 9, 0, 5, set()),  # nothing small
    (12, 9, 2, 5, {"Man", "Another gender"}),  # 2 is small; the smallest other group hides too
    (12, 9, 2, 11, {"Man", "Another gender"}),  # publication threshold
    (30, 20, 8, 11, {"Another gender", "Man"}),  # 8 < 11 for publication only
    (30, 20, 8, 5, set()),
])
def test_small_groups_and_their_complements_are_hidden(women, men, other, threshold, hidden):
    """Group sizes under the threshold hide, and one more so the total cannot reveal them."""
    breakdown = _by(equity(_cohort(women, men, other), threshold), "active_mentors")
    assert {g.group for g in breakdown.groups if g.hidden} == hidden
    assert breakdown.overall.n == women + men + other  # the cohort total stays


def test_no_share_whose_numerator_is_hidden():
    """A share is shown only when its count and its group's size are both shown."""
    breakdown = _by(equity(_cohort(12, 9, 2), 5), "rejected")
    for group in breakdown.groups:
        if group.value is not None:
            assert (group.count is not None and group.count >= 5) or group.count == 0
            assert group.n is not None


def test_shown_means_are_right():
    """Unsuppressed group means equal the hand count (two active mentors unless declined)."""
    breakdown = _by(equity(_cohort(12, 9, 0), 5), "active_mentors")
    woman = next(g for g in breakdown.groups if g.group == "Woman")
    declined = len([p for p in range(1, 13) if p % 3 == 0])
    assert woman.value == pytest.approx(2 * (12 - declined) / 12)


def test_export_shows_what_the_page_shows():
    """The equity table in the downloads prints an asterisk wherever the page hides a cell."""
    options = ReportOptions(period1=(2023, 2025), period2=(2026, 2028), publication=True)
    report = compute_report(_cohort(30, 20, 8), options)
    table = equity_table(report.equity, 4, options.threshold)
    rows = {row.cells[0]: row.cells for row in table.rows if not row.section}
    assert rows["Gender: Another gender"][2] == "*"
    assert rows["Gender: Woman"][2] != "*"
    assert "fewer than 11" in table.footnotes[0]
