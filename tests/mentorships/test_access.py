"""Who reaches what, through the pages: the pair sees its content, coordinators see states and
counts, nobody reaches another pair's data by changing an id, private notes reach their author."""

from __future__ import annotations

from datetime import date

import pytest
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from mentora.mentorships.actions import (
    MeetingDetails,
    do_add_action_item,
    do_draft_agreement,
    do_end,
    do_log_meeting,
    do_set_goal,
    do_share_plan,
    do_start_plan,
)
from mentora.people.access import NO_PERSON, access_me

SECRET = "GROW-NOTE-ONLY-FOR-THE-PAIR"


@pytest.fixture
def content(world):
    now = timezone.now()
    pair = world.mark_maya
    meeting = do_log_meeting(
        [pair], MeetingDetails(on=date(2026, 7, 20), goal=SECRET), world.mark, now,
        private_note="MARKS-PRIVATE-NOTE",
    )
    goal = do_set_goal(pair, world.maya, now, specific="GOAL-TEXT")
    item = do_add_action_item(pair, "ACTION-TEXT", world.maya, now)
    do_draft_agreement(pair, now)
    plan = do_start_plan(world.maya, world.cohort, "lunch", now)
    return {"meeting": meeting, "goal": goal, "item": item, "plan": plan}


def _urls(world, content):
    pair = world.mark_maya.pk
    return [
        reverse("log_meeting", args=[pair]),
        reverse("schedule_meeting", args=[pair]),
        reverse("new_goal", args=[pair]),
        reverse("agreement", args=[pair]),
        reverse("meeting", args=[content["meeting"].pk]),
        reverse("meeting_held", args=[content["meeting"].pk]),
        reverse("meeting_ics", args=[content["meeting"].pk]),
        reverse("goal", args=[content["goal"].pk]),
        reverse("edit_goal", args=[content["goal"].pk]),
    ]


@pytest.mark.parametrize("outsider", ["nina", "alice", "bob", "olga"])
def test_pair_content_is_a_404_for_everyone_outside_the_pair(world, login, content, outsider):
    client = login(getattr(world, outsider))
    for url in _urls(world, content):
        assert client.get(url).status_code == 404, url
    item = content["item"]
    assert client.post(reverse("toggle_action_item", args=[item.pk])).status_code == 404
    assert client.post(reverse("sign", args=[world.mark_maya.pk]), {"version": 1}).status_code \
        == 404


@pytest.mark.parametrize("member", ["mark", "maya"])
def test_the_pair_reaches_its_content(world, login, content, member):
    client = login(getattr(world, member))
    for url in _urls(world, content):
        assert client.get(url).status_code == 200, url


def test_the_coordinator_sees_the_checklist_and_counts_but_no_content(world, login, content):
    page = login(world.alice).get(reverse("mentorship", args=[world.mark_maya.pk]))
    html = page.content.decode()
    assert page.status_code == 200 and "MENTOR checklist" in html and "1 held" in html
    for text in (SECRET, "MARKS-PRIVATE-NOTE", "GOAL-TEXT", "ACTION-TEXT"):
        assert text not in html


@pytest.mark.parametrize("outsider", ["nina", "bob"])
def test_another_mentee_or_program_cannot_open_the_relationship(world, login, outsider):
    page = login(getattr(world, outsider)).get(reverse("mentorship", args=[world.mark_maya.pk]))
    assert page.status_code == 404


def test_a_private_note_is_shown_to_its_author_only(world, login, content):
    url = reverse("meeting", args=[content["meeting"].pk])
    assert "MARKS-PRIVATE-NOTE" in login(world.mark).get(url).content.decode()
    maya_page = login(world.maya).get(url).content.decode()
    assert SECRET in maya_page and "MARKS-PRIVATE-NOTE" not in maya_page


def test_a_mentee_writes_her_own_private_note_which_the_mentor_never_sees(world, login, content):
    url = reverse("meeting", args=[content["meeting"].pk])
    login(world.maya).post(
        reverse("private_note", args=[content["meeting"].pk]), {"text": "MAYAS-OWN"}
    )
    assert "MAYAS-OWN" in login(world.maya).get(url).content.decode()
    assert "MAYAS-OWN" not in login(world.mark).get(url).content.decode()


def test_a_draft_plan_is_the_mentees_alone(world, login, content):
    url = reverse("plan", args=[content["plan"].pk])
    assert login(world.maya).get(url).status_code == 200
    for other in (world.mark, world.nina, world.alice, world.bob):
        assert login(other).get(url).status_code == 404


def test_a_shared_plan_leaves_the_relationship_page_of_a_mentor_whose_pair_ended(
    world, login, content
):
    """Once the pair has ended, the former mentor no longer sees the mentee's plan."""
    plan = content["plan"]
    do_share_plan(plan, world.maya, timezone.now())
    page_url = reverse("mentorship", args=[world.mark_maya.pk])
    plan_url = reverse("plan", args=[plan.pk])
    assert plan_url in login(world.mark).get(page_url).content.decode()
    do_end(world.mark_maya, world.maya, "Moved to another site", timezone.now())
    assert plan_url not in login(world.mark).get(page_url).content.decode()
    assert login(world.mark).get(plan_url).status_code == 404
    assert plan_url in login(world.maya).get(page_url).content.decode()


def test_a_mentor_cannot_hang_one_pairs_action_item_on_another_pairs_goal(world, login, content):
    """Mark reaches both Maya's and Nina's goals; an item of Maya's pair never shows on Nina's."""
    ninas_goal = do_set_goal(world.mark_nina, world.nina, timezone.now(), specific="NINAS-GOAL")
    response = login(world.mark).post(
        reverse("add_action_item", args=[world.mark_maya.pk]),
        {"text": "MAYA-PAIR-ITEM", "owner": str(world.maya.pk), "goal": str(ninas_goal.pk)},
    )
    assert response.status_code == 404
    nina_page = login(world.nina).get(reverse("goal", args=[ninas_goal.pk])).content.decode()
    assert "MAYA-PAIR-ITEM" not in nina_page


def test_an_account_without_a_person_gets_the_same_404_on_every_page_that_acts_as_one(
    world, login
):
    """Olga (site admin, no person) reaches every pair, yet pages that act as the signed-in
    person (start a plan, decline, the calendar) answer one 404 with one message."""
    client = login(world.olga)
    pair = world.mark_maya.pk
    for url in (reverse("start_plan", args=[pair]), reverse("decline", args=[pair]),
                reverse("calendar")):
        assert client.get(url).status_code == 404, url
    with pytest.raises(Http404, match=NO_PERSON):
        access_me(world.olga)
    assert access_me(world.mark.user) == world.mark
