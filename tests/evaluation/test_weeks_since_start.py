"""Participation by weeks since each person's own start: people who start at different times
(rotation blocks, late enrolment) line up by how long they have been in, so a fall that is only
the end of each person's block is told apart from a real one; an unfinished period is in
progress, never a fall."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import time_machine
from django.urls import reverse
from django.utils import timezone

from mentora.evaluation.reports import CohortData
from mentora.evaluation.reports.engagement import engagement
from mentora.mentorships.actions import MeetingDetails, do_log_meeting
from mentora.programs.models import Enrolment

STARTS = {1: date(2026, 7, 1), 2: date(2026, 10, 1)}  # two twelve-week blocks


def _weekly(person: int, first_week: int, last_week: int) -> list[tuple]:
    begun = STARTS[person]
    return [(person * 10, begun + timedelta(weeks=w - 1), (person,), ())
            for w in range(first_week, last_week + 1)]


def _cohort(meetings: list[tuple], today: date | None = None) -> CohortData:
    people = list(STARTS)
    return CohortData(
        name="Clerkship", starts_on=date(2026, 7, 1), ends_on=date(2027, 6, 30),
        enrolments=pd.DataFrame({"person": people, "role": "mentee", "status": "active",
                                 "enrolled_on": list(STARTS.values()), "withdrawn_on": None}),
        meetings=pd.DataFrame(meetings, columns=["mentorship", "on", "mentees", "topics"]),
        starts=pd.DataFrame({"person": people, "starts_on": list(STARTS.values())}),
        today=today,
    )


def _shares(weeks):
    return [(w.label, w.participants, w.mentees) for w in weeks]


def test_the_end_of_each_block_shows_at_the_same_weeks_for_everyone():
    """Both meet weekly through their own twelve weeks, then stop: by month the meetings fall
    from October for one and January for the other; by weeks since start, all of them fall
    after week 12, the end of the block."""
    result = engagement(_cohort(_weekly(1, 1, 12) + _weekly(2, 1, 12)))
    assert _shares(result.weeks)[:4] == [
        ("Weeks 1-4", 2, 2), ("Weeks 5-8", 2, 2), ("Weeks 9-12", 2, 2), ("Weeks 13-16", 0, 2),
    ]
    assert [m.participants for m in result.months][:7] == [1, 1, 1, 1, 1, 1, 0]


def test_a_real_fall_shows_within_the_block():
    """The second person stops after four weeks: a fall inside the block, at weeks 5-8."""
    result = engagement(_cohort(_weekly(1, 1, 12) + _weekly(2, 1, 4)))
    assert _shares(result.weeks)[:3] == [
        ("Weeks 1-4", 2, 2), ("Weeks 5-8", 1, 2), ("Weeks 9-12", 1, 2),
    ]


def test_a_period_not_yet_ended_is_in_progress_and_counts_only_those_who_reached_it():
    """On November 1 the second person is in her weeks 5-8: that period is in progress, and
    weeks 9-12 count the first person alone."""
    weeks = engagement(_cohort(_weekly(1, 1, 12) + _weekly(2, 1, 5), date(2026, 11, 1))).weeks
    assert [(w.label, w.in_progress) for w in weeks[:3]] == [
        ("Weeks 1-4", False), ("Weeks 5-8", True), ("Weeks 9-12", False),
    ]
    assert _shares(weeks)[2] == ("Weeks 9-12", 1, 1)


@time_machine.travel("2026-11-01 10:00 -05:00", tick=False)
def test_the_report_draws_participation_by_weeks_since_each_persons_start(world, login):
    Enrolment.objects.filter(person=world.nina).update(enrolled_on=STARTS[2])
    for pair, begun in ((world.mark_maya, STARTS[1]), (world.mark_nina, STARTS[2])):
        for week in range(3):
            do_log_meeting([pair], MeetingDetails(on=begun + timedelta(weeks=week)), world.mark,
                           timezone.now())
    text = login(world.alice).get(
        reverse("evaluation_report", args=[world.cohort.pk])
    ).content.decode()
    assert "Participation by weeks since each person's start" in text
    assert 'aria-labelledby="participation-weeks-title"' in text
    # Nina is in her weeks 5-8 on November 1: in progress, never a fall.
    assert "<th scope=\"row\">Weeks 5-8</th><td class=\"num\">2</td><td class=\"num\">0</td>" \
        in text
    assert "0% so far: in progress" in text
    assert "<th scope=\"row\">Weeks 1-4</th><td class=\"num\">2</td><td class=\"num\">2</td>" \
        "<td class=\"num\">100%</td>" in text


@time_machine.travel("2026-11-15 10:00 -05:00", tick=False)
def test_the_month_not_yet_ended_is_in_progress_on_the_report(world, login):
    do_log_meeting([world.mark_maya], MeetingDetails(on=date(2026, 10, 5)), world.mark,
                   timezone.now())
    text = login(world.alice).get(
        reverse("evaluation_report", args=[world.cohort.pk])
    ).content.decode()
    assert "November 2026 has not ended: its bar is in progress, not a fall." in text
    assert '<th scope="row">November 2026</th><td class="num">0 so far: in progress</td>' in text
    assert '<th scope="row">October 2026</th><td class="num">1</td>' in text
