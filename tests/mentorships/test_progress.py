"""Process measures and the checklist from recorded activity; the evaluation's meeting log."""

from __future__ import annotations

from datetime import date, datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from mentora.mentorships.actions import (
    MeetingDetails,
    do_draft_agreement,
    do_log_meeting,
    do_record_progress,
    do_set_goal,
    do_sign_agreement,
)
from mentora.mentorships.progress import checklist_states, cohort_summary, meeting_log

NOW = datetime(2026, 11, 21, 12, tzinfo=timezone.get_fixed_timezone(-360))


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def _topic(program, name):
    return program.topics.get(name=name)


def test_the_checklist_changes_as_the_pair_works(world):
    pair = world.mark_maya
    before = checklist_states(pair, NOW.date())
    assert before["Expectations"] == before["Needs"] == "missing"
    agreement = do_draft_agreement(pair, NOW)
    do_sign_agreement(agreement, world.mark, NOW)
    do_sign_agreement(agreement, world.maya, NOW)
    goal = do_set_goal(pair, world.maya, NOW, specific="Five shoulder reductions",
                       target_count=5, unit="reductions")
    do_record_progress(goal, world.maya, NOW.date(), 2)
    do_log_meeting([pair], MeetingDetails(on=date(2026, 11, 1), kind="review"), world.mark, NOW)
    after = checklist_states(pair, NOW.date())
    assert after["Expectations"] == after["Needs"] == "done"
    # Progress on a goal is not an observation (tests/feedback/test_checklist_observe.py).
    assert after["Observe"] != "done"
    assert after["Review"] == "done"


def test_a_clinical_skills_meeting_with_notes_is_not_an_observation(world):
    clinical = _topic(world.clerkship, "Clinical skills")
    career = _topic(world.clerkship, "Career advice")
    details = MeetingDetails(on=date(2026, 11, 2), topics=[clinical], will="Practise")
    do_log_meeting([world.mark_maya], details, world.mark, NOW)
    do_log_meeting([world.mark_nina], MeetingDetails(on=date(2026, 11, 2), topics=[clinical]),
                   world.mark, NOW)
    do_log_meeting([world.mark_nina], MeetingDetails(on=date(2026, 11, 3), topics=[career],
                                                     will="Read"), world.mark, NOW)
    summary, checklists = cohort_summary(world.cohort, NOW.date())
    assert checklists[world.mark_maya.pk].state_of("Observe") == "missing"
    assert checklists[world.mark_nina.pk].state_of("Observe") == "missing"
    assert summary.feedback_entries == 0 and summary.meetings_held == 3


def test_the_meeting_log_lists_each_mentorship_of_a_group_meeting(world):
    career = _topic(world.clerkship, "Career advice")
    do_log_meeting([world.mark_maya, world.mark_nina],
                   MeetingDetails(on=date(2026, 10, 5), topics=[career], goal="private-ish"),
                   world.mark, NOW)
    log = meeting_log(world.cohort)
    assert {r.mentorship_id for r in log} == {world.mark_maya.pk, world.mark_nina.pk}
    for record in log:
        assert record.on == date(2026, 10, 5) and record.topics == ("Career advice",)
        assert set(record.mentee_ids) == {world.maya.pk, world.nina.pk}
    assert "private-ish" not in repr(log)


def test_the_coordinators_cohort_page_shows_states_and_counts_not_content(world, login):
    do_log_meeting([world.mark_maya], MeetingDetails(on=date(2026, 10, 5), goal="GROW-SECRET"),
                   world.mark, NOW)
    page = login(world.alice).get(reverse("cohort_relationships", args=[world.cohort.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Maya Mentee" in html and "1 held" in html and "GROW-SECRET" not in html
    assert page.context["summary"].pairs == 2
    assert login(world.bob).get(
        reverse("cohort_relationships", args=[world.cohort.pk])
    ).status_code == 404
    assert login(world.mark).get(
        reverse("cohort_relationships", args=[world.cohort.pk])
    ).status_code == 404
