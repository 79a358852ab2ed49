"""Engagement from plain frames: meetings per mentee, opt-outs, participation by month and its
decline between the halves of the year, topics; and the report core is pure."""

from __future__ import annotations

import subprocess
import sys
from datetime import date

import pandas as pd
import pytest

from mentora.evaluation.reports import CohortData
from mentora.evaluation.reports.engagement import engagement


def _cohort() -> CohortData:
    people = [1, 2, 3, 4]
    # Mentee 1 meets monthly all year, 2 only in the first half, 3 never, 4 declined.
    meetings = [(10, date(2026, m, 10), (1,), ("Career advice",)) for m in range(1, 13)]
    meetings += [(20, date(2026, m, 12), (2,), ("Career advice", "Specialty choice"))
                 for m in (1, 2, 3)]
    return CohortData(
        name="Clerkship", starts_on=date(2026, 1, 1), ends_on=date(2026, 12, 31),
        enrolments=pd.DataFrame({"person": people, "role": "mentee", "status": "active",
                                 "enrolled_on": date(2026, 1, 1), "withdrawn_on": None}),
        mentorships=pd.DataFrame(
            [(10, 1, 9, "active"), (20, 2, 9, "active"), (30, 3, 8, "active"),
             (40, 4, 8, "declined")], columns=["id", "mentee", "mentor", "status"]),
        meetings=pd.DataFrame(meetings, columns=["mentorship", "on", "mentees", "topics"]),
    )


@pytest.mark.parametrize(("n", "count"), [(1, 2), (2, 2), (3, 2), (4, 1), (13, 0)])
def test_share_meeting_at_least_n_times(n, count):
    """Of the three matched mentees, those who met at least n times."""
    result = engagement(_cohort(), n)
    assert (result.meeting_enough.count, result.meeting_enough.n) == (count, 3)


def test_opt_outs_months_halves_and_topics():
    """Opt-outs, mentees meeting each month, the halves' decline and the commonest topics."""
    result = engagement(_cohort())
    assert (result.declined.count, result.matched_no_meeting.count) == (1, 1)
    assert [m.participants for m in result.months] == [2, 2, 2] + [1] * 9
    assert (result.first_half, result.second_half) == (2, 1)
    assert result.decline == pytest.approx(-0.5)
    assert result.topics[0] == ("Career advice", 15)


def test_report_core_imports_no_django():
    """The report computation loads without Django in a fresh process."""
    code = ("import mentora.evaluation.reports, mentora.evaluation.reports.equity, sys; "
            "assert 'django' not in sys.modules")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def _on(cohort: CohortData, today: date) -> CohortData:
    cohort.today = today
    return cohort


def test_a_second_half_not_yet_begun_is_never_a_fall():
    """Before the second half starts its figure is 'not started', and no change is computed."""
    result = engagement(_on(_cohort(), date(2026, 5, 20)))
    assert result.decline is None
    assert not result.halves.second_started and not result.halves.first_ended
    assert [m.month.month for m in result.months] == [1, 2, 3, 4, 5]  # months to come left out


def test_a_second_half_in_progress_has_no_change_until_it_ends():
    during = engagement(_on(_cohort(), date(2026, 9, 1)))
    assert during.halves.second_started and not during.halves.second_ended
    assert during.decline is None
    after = engagement(_on(_cohort(), date(2027, 1, 5)))
    assert after.decline == pytest.approx(-0.5)


def test_meetings_after_the_cohort_end_count_in_the_second_half_and_the_months():
    """Pairs go on past the program period: their later meetings count, and the window says so."""
    cohort = _cohort()
    late = pd.DataFrame([(20, date(2027, 2, 3), (2,), ())], columns=cohort.meetings.columns)
    cohort.meetings = pd.concat([cohort.meetings, late], ignore_index=True)
    result = engagement(_on(cohort, date(2027, 3, 1)))
    assert result.second_half == 2
    assert result.halves.past_the_end and result.halves.last == date(2027, 2, 3)
    assert result.months[-1].month == date(2027, 2, 1) and result.months[-1].participants == 1
    assert (result.halves.middle, result.halves.first_last_day) == (date(2026, 7, 2),
                                                                     date(2026, 7, 1))
