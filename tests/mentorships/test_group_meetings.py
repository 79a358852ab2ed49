"""Issue 11, finding 3: a group meeting keeps every pair and each pair's own GROW notes, and a
mentee's reflection reaches only that mentee and their mentor."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from mentora.mentorships.models import CalendarFeed, Meeting

TODAY = date(2026, 9, 15)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel("2026-09-15 10:00 -05:00", tick=False):
        yield


def _group_meeting(client, world) -> Meeting:
    """Mark schedules one meeting with both his mentees, from Maya's page."""
    response = client.post(
        reverse("schedule_meeting", args=[world.mark_maya.pk]),
        {"mentorships": [world.mark_maya.pk, world.mark_nina.pk], "on": TODAY.isoformat(),
         "duration_minutes": "60", "mode": "in_person"},
    )
    assert response.status_code == 302
    return Meeting.objects.get()


def _mark_held(client, meeting, pair, **notes):
    url = reverse("meeting_held", args=[meeting.pk]) + f"?pair={pair.pk}"
    form = client.get(url).content.decode()
    assert "Log this meeting" in form
    response = client.post(url, {"mentorships": [pair.pk], "on": TODAY.isoformat(),
                                  "duration_minutes": "60", "mode": "in_person", **notes})
    assert response.status_code == 302, response.content.decode()


def _text(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_marking_a_group_meeting_held_from_one_pairs_page_keeps_every_pair(world, login):
    mark = login(world.mark)
    meeting = _group_meeting(mark, world)
    _mark_held(mark, meeting, world.mark_maya)
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.HELD
    assert set(meeting.mentorships.all()) == {world.mark_maya, world.mark_nina}
    nina_pair = _text(login(world.nina), reverse("mentorship", args=[world.mark_nina.pk]))
    assert meeting.get_absolute_url() in nina_pair


def test_a_pairs_grow_notes_are_never_overwritten_from_another_pairs_page(world, login):
    mark = login(world.mark)
    meeting = _group_meeting(mark, world)
    _mark_held(mark, meeting, world.mark_nina, goal="NINA-GROW-GOAL", will="NINA-GROW-WILL")
    _mark_held(mark, meeting, world.mark_maya, goal="MAYA-GROW-GOAL")
    assert set(meeting.mentorships.all()) == {world.mark_maya, world.mark_nina}
    nina = _text(login(world.nina), meeting.get_absolute_url())
    assert "NINA-GROW-GOAL" in nina and "NINA-GROW-WILL" in nina
    assert "MAYA-GROW-GOAL" not in nina
    maya = _text(login(world.maya), meeting.get_absolute_url())
    assert "MAYA-GROW-GOAL" in maya and "NINA-GROW" not in maya
    mentor = _text(login(world.mark), meeting.get_absolute_url())
    assert "MAYA-GROW-GOAL" in mentor and "NINA-GROW-GOAL" in mentor


def test_a_mentee_never_reads_another_mentees_reflection(world, login, client):
    login(world.mark).post(
        reverse("log_meeting", args=[world.mark_maya.pk]),
        {"mentorships": [world.mark_maya.pk, world.mark_nina.pk], "on": TODAY.isoformat(),
         "duration_minutes": "60", "mode": "in_person"},
    )
    meeting = Meeting.objects.get(status=Meeting.Status.HELD)
    canary = "MAYA-REFLECTION-CANARY"
    login(world.maya).post(reverse("meeting_reflect", args=[meeting.pk]),
                           {"learned": canary, "next_actions": canary + "-NEXT"})
    assert canary in _text(login(world.maya), meeting.get_absolute_url())
    assert canary in _text(login(world.mark), meeting.get_absolute_url())
    nina = login(world.nina)
    nina.post(reverse("reset_calendar"))
    token = CalendarFeed.objects.get(person=world.nina).token
    for url in (meeting.get_absolute_url(), reverse("meeting_ics", args=[meeting.pk]),
                reverse("mentorship", args=[world.mark_nina.pk]), reverse("home"),
                reverse("calendar")):
        assert canary not in _text(nina, url), url
    client.logout()
    assert canary not in client.get(f"/calendar/{token}.ics").content.decode()
    # A coordinator reads the meeting but not the mentee's reflection.
    coordinator = login(world.alice).get(meeting.get_absolute_url())
    assert canary not in coordinator.content.decode()
