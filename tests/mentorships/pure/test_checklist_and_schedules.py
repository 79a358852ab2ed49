"""The pure rules: MENTOR checklist, process measures, recurrence. No database, no Django."""

from __future__ import annotations

import itertools
import subprocess
import sys
from datetime import date, timedelta

import pytest

from mentora.mentorships.pure import (
    ActivityCounts,
    ItemState,
    RelationshipFacts,
    RelationshipRuleError,
    cohort_measures,
    expand_recurrence,
    mentor_checklist,
    relationship_measures,
)

TODAY = date(2026, 11, 21)
START = date(2026, 7, 1)  # 143 days before TODAY


def facts(**changes: object) -> RelationshipFacts:
    base: dict[str, object] = {"today": TODAY, "active": True, "started_on": START,
                               "meetings_per_year_target": 6}
    return RelationshipFacts(**{**base, **changes})  # type: ignore[arg-type]


def monthly(n: int) -> list[date]:
    return [TODAY - timedelta(days=30 * i + 1) for i in range(n)]


def test_the_pure_core_imports_no_django():
    code = "import mentora.mentorships.pure, sys; assert 'django' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)


@pytest.mark.parametrize(
    ("step", "changes", "state"),
    [
        ("Match", {}, ItemState.DONE),
        ("Match", {"active": False}, ItemState.MISSING),
        ("Expectations", {"mentor_signed": True, "mentee_signed": True}, ItemState.DONE),
        ("Expectations", {"mentee_signed": True}, ItemState.ATTENTION),
        ("Expectations", {}, ItemState.MISSING),
        ("Needs", {"idp_shared": True}, ItemState.DONE),
        ("Needs", {"goals": 1}, ItemState.DONE),
        ("Needs", {}, ItemState.MISSING),
        # 6 a year over 143 days: 2 expected by now.
        ("Timing", {"meetings_held": monthly(2)}, ItemState.DONE),
        ("Timing", {"meetings_held": monthly(1)}, ItemState.ATTENTION),
        ("Timing", {}, ItemState.MISSING),
        ("Timing", {"started_on": TODAY - timedelta(days=20)}, ItemState.NOT_DUE),
        # Enough meetings, but all long ago: drifting.
        ("Timing", {"meetings_held": [START + timedelta(days=i) for i in (1, 2, 3)]},
         ItemState.MISSING),
        ("Observe", {"observations": 2}, ItemState.DONE),
        ("Observe", {}, ItemState.MISSING),
        ("Observe", {"started_on": TODAY - timedelta(days=20)}, ItemState.NOT_DUE),
        ("Review", {"reviews": [TODAY - timedelta(days=10)]}, ItemState.DONE),
        ("Review", {"reviews": [START]}, ItemState.DONE),
        ("Review", {"reviews": [START], "review_period_days": 90}, ItemState.MISSING),
        ("Review", {}, ItemState.NOT_DUE),
        ("Review", {"review_period_days": 90}, ItemState.MISSING),
    ],
)
def test_each_mentor_step_follows_what_happened(step, changes, state):
    assert mentor_checklist(facts(**changes)).state_of(step) == state


def test_completeness_counts_done_steps_among_those_due():
    checklist = mentor_checklist(
        facts(mentor_signed=True, mentee_signed=True, goals=1, meetings_held=monthly(2))
    )
    assert (checklist.done, checklist.due) == (4, 5)  # Observe missing; Review not yet due
    assert checklist.completeness == pytest.approx(0.8)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"meetings_per_year_target": 0}, "meetings_per_year_target"),
        ({"review_period_days": 0}, "review_period_days"),
        ({"meetings_held": [TODAY + timedelta(days=1)]}, "meetings_held"),
    ],
)
def test_impossible_facts_are_refused_by_name(changes, message):
    with pytest.raises(RelationshipRuleError, match=message):
        mentor_checklist(facts(**changes))


def test_cohort_measures_sum_pairs_and_count_states_over_active_pairs():
    pairs = [
        relationship_measures(facts(meetings_held=monthly(3)), ActivityCounts(1, 2, 3, 1, 2)),
        relationship_measures(facts(meetings_held=monthly(1)), ActivityCounts(0, 0, 1, 0, 1)),
        relationship_measures(facts(active=False), ActivityCounts()),
    ]
    summary = cohort_measures(pairs)
    assert (summary.pairs, summary.active_pairs) == (3, 2)
    assert summary.meetings_held == 4 and summary.meetings_expected == 4
    assert summary.pairs_on_cadence == 1 and summary.pairs_meeting_twice == 1
    assert (summary.action_items_done, summary.action_items) == (2, 4)
    assert (summary.goals_achieved, summary.goals) == (1, 3)
    assert summary.steps["Timing"]["done"] == 1 and summary.steps["Timing"]["attention"] == 1
    assert sum(summary.steps["Match"].values()) == 2


def test_more_done_than_there_are_is_refused():
    with pytest.raises(RelationshipRuleError, match="action_items_done"):
        relationship_measures(facts(), ActivityCounts(action_items_done=3, action_items=2))


@pytest.mark.parametrize(
    ("first", "weeks", "until", "count", "last"),
    [
        (date(2026, 1, 5), 1, date(2026, 1, 26), 4, date(2026, 1, 26)),
        (date(2026, 1, 5), 2, date(2026, 3, 1), 4, date(2026, 2, 16)),
        (date(2026, 1, 5), 4, date(2026, 1, 5), 1, date(2026, 1, 5)),
    ],
)
def test_a_series_expands_every_n_weeks_until_its_end(first, weeks, until, count, last):
    dates = expand_recurrence(first, weeks, until)
    assert len(dates) == count and dates[0] == first and dates[-1] == last
    assert all((b - a).days == 7 * weeks for a, b in itertools.pairwise(dates))


@pytest.mark.parametrize(
    ("weeks", "until", "message"),
    [(0, date(2026, 2, 1), "every_weeks"), (1, date(2025, 1, 1), "before the first"),
     (1, date(2030, 1, 1), "more than 60")],
)
def test_a_series_that_makes_no_sense_is_refused(weeks, until, message):
    with pytest.raises(RelationshipRuleError, match=message):
        expand_recurrence(date(2026, 1, 5), weeks, until)
