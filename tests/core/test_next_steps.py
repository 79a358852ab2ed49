"""The home page tells each person what to do next, and only about their own things."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from mentora.mentorships.actions import (
    do_add_action_item,
    do_draft_agreement,
    do_share_plan,
    do_start_plan,
)
from mentora.mentorships.actions.meetings import MeetingDetails, do_schedule_meeting
from mentora.people.ladder import Stage
from mentora.surveys.actions import do_create_wave, do_send_invitations
from mentora.surveys.library import ensure_library
from tests import factories

TODAY = date(2026, 11, 21)


@pytest.fixture
def now():
    with time_machine.travel(datetime(2026, 11, 21, 15, tzinfo=timezone.get_current_timezone())):
        yield timezone.now()


def test_a_mentee_sees_their_meeting_action_item_agreement_and_survey(world, login, now):
    do_schedule_meeting(
        [world.mark_maya], MeetingDetails(on=TODAY + timedelta(days=3)), world.mark, now
    )
    do_add_action_item(world.mark_maya, "Draft the case report", world.maya, now, TODAY)
    do_draft_agreement(world.mark_maya, now)
    instrument = ensure_library(now)["clerkship_survey"]
    wave = do_create_wave(world.cohort, instrument, "End of clerkship", TODAY, TODAY, now)
    do_send_invitations(wave, now)

    steps = login(world.maya).get(reverse("home")).context["next_steps"]
    texts = [step.text for step in steps]
    assert "Draft the case report (with Mark Mentor)" in texts[:2]  # due today, as the survey
    assert texts[2] == "Meeting with Mark Mentor"  # in three days
    assert texts[-1] == "Sign your mentoring agreement with Mark Mentor"  # undated, so last
    survey = next(step for step in steps if step.text.startswith("Answer the survey"))
    assert login(world.maya).get(survey.url).status_code == 200


def test_a_past_due_action_item_is_marked_overdue(world, login, now):
    do_add_action_item(world.mark_maya, "Read the criteria", world.maya, now, TODAY - timedelta(1))
    do_add_action_item(world.mark_maya, "Book the lab", world.maya, now, TODAY + timedelta(1))
    page = login(world.maya).get(reverse("home"))
    steps = {step.text: step.overdue for step in page.context["next_steps"]}
    assert steps == {
        "Read the criteria (with Mark Mentor)": True,
        "Book the lab (with Mark Mentor)": False,
    }
    assert "overdue" in page.content.decode()


def test_another_mentee_sees_none_of_it(world, login, now):
    do_add_action_item(world.mark_maya, "Draft the case report", world.maya, now, TODAY)
    do_draft_agreement(world.mark_maya, now)
    page = login(world.nina).get(reverse("home"))
    assert "Draft the case report" not in page.content.decode()
    assert all(
        "agreement" not in s.url or str(world.mark_maya.pk) not in s.url
        for s in page.context["next_steps"]
    )


def test_a_mentor_is_asked_to_review_only_plans_of_the_cohort_he_mentors_in(world, login, now):
    """Mark mentors Maya this year; her plan from another cohort is not his to review."""
    other = factories.make_cohort(world.faculty, "2025-26")
    plan = do_start_plan(world.maya, other, "lunch", now)
    do_share_plan(plan, world.maya, now)
    home = login(world.mark).get(reverse("home")).content.decode()
    assert plan.get_absolute_url() not in home
    this_year = do_start_plan(world.maya, world.cohort, "lunch", now)
    do_share_plan(this_year, world.maya, now)
    home = login(world.mark).get(reverse("home")).content.decode()
    assert this_year.get_absolute_url() in home and plan.get_absolute_url() not in home


def test_the_soonest_survey_and_action_item_are_shown_whatever_was_added_first(world, login, now):
    """Each source is sliced in SQL, so the slice must be the soonest, not any three."""
    instrument = ensure_library(now)["clerkship_survey"]
    for n, closes in enumerate([40, 30, 20, 10]):  # the one closing soonest is created last
        wave = do_create_wave(
            world.cohort, instrument, f"Wave {n}", TODAY, TODAY + timedelta(closes), now
        )
        do_send_invitations(wave, now)
    for n in range(4):
        do_add_action_item(world.mark_maya, f"Undated {n}", world.maya, now, None)
    do_add_action_item(world.mark_maya, "Book the lab", world.maya, now, TODAY + timedelta(50))

    texts = [step.text for step in login(world.maya).get(reverse("home")).context["next_steps"]]
    assert texts[0] == "Answer the survey “Clerkship mentoring survey” (Wave 3)"
    assert "Book the lab (with Mark Mentor)" in texts


def test_an_intern_sees_the_meetings_they_lead_and_those_they_attend_soonest_first(
    world, login, now
):
    """Mark leads a group meeting (listed once) and is the mentee of a faculty member."""
    faculty = factories.make_person("Fay Faculty", Stage.ASSISTANT_PROFESSOR)
    factories.enrol(world.faculty_cohort, faculty, "mentor", capacity=1)
    factories.enrol(world.faculty_cohort, world.mark)
    above = factories.pair(world.faculty_cohort, faculty, world.mark)
    group = [world.mark_maya, world.mark_nina]
    do_schedule_meeting(group, MeetingDetails(on=TODAY + timedelta(days=5)), world.mark, now)
    do_schedule_meeting([above], MeetingDetails(on=TODAY + timedelta(days=2)), faculty, now)
    do_schedule_meeting(group, MeetingDetails(on=TODAY - timedelta(days=1)), world.mark, now)

    steps = login(world.mark).get(reverse("home")).context["next_steps"]
    assert [(s.text, s.when) for s in steps if "eeting with" in s.text] == [
        ("Meeting with Fay Faculty", TODAY + timedelta(days=2)),
        ("Group meeting with Maya Mentee and 1 other", TODAY + timedelta(days=5)),
    ]


def test_each_step_names_the_person_it_is_with(world, login, now):
    """Mark mentors Maya and Nina: two agreements to sign, two meetings, two action items, each
    saying with whom, never the same words twice."""
    for pair in (world.mark_maya, world.mark_nina):
        do_draft_agreement(pair, now)
        do_schedule_meeting([pair], MeetingDetails(on=TODAY + timedelta(days=4)), world.mark, now)
        do_add_action_item(pair, "Send the reading list", world.mark, now, TODAY)
    texts = [s.text for s in login(world.mark).get(reverse("home")).context["next_steps"]]
    assert len(texts) == len(set(texts)) == 6
    assert {t for t in texts if t.startswith("Sign")} == {
        "Sign your mentoring agreement with Maya Mentee",
        "Sign your mentoring agreement with Nina Other",
    }
    assert {t for t in texts if t.startswith("Meeting")} == {
        "Meeting with Maya Mentee",
        "Meeting with Nina Other",
    }
    assert {t for t in texts if t.startswith("Send")} == {
        "Send the reading list (with Maya Mentee)",
        "Send the reading list (with Nina Other)",
    }
    # and Maya, the mentee, reads her mentor's name
    maya = [s.text for s in login(world.maya).get(reverse("home")).context["next_steps"]]
    assert "Sign your mentoring agreement with Mark Mentor" in maya


def test_a_survey_timed_per_person_is_a_step_only_within_her_own_window(world, login, now):
    """The wave runs all year, but Maya's own window decides: her link answers only within it."""
    instrument = ensure_library(now)["clerkship_survey"]
    wave = do_create_wave(
        world.cohort, instrument, "End", TODAY - timedelta(200), TODAY + timedelta(30), now
    )
    do_send_invitations(wave, now)
    mine = wave.invitations.filter(person=world.maya)

    mine.update(opens_on=TODAY - timedelta(180), closes_on=TODAY - timedelta(150))
    steps = login(world.maya).get(reverse("home")).context["next_steps"]
    assert not [step for step in steps if step.text.startswith("Answer the survey")]

    mine.update(opens_on=TODAY - timedelta(3), closes_on=TODAY + timedelta(11))
    steps = login(world.maya).get(reverse("home")).context["next_steps"]
    survey = next(step for step in steps if step.text.startswith("Answer the survey"))
    assert survey.when == TODAY + timedelta(11)  # her own last day, not the wave's
    assert login(world.maya).get(survey.url).status_code == 200
