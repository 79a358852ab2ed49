"""Meetings: the one-screen log, group meetings, schedules and series, reflections, notes."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import time_machine
from django.urls import reverse

from mentora.mentorships.models import Meeting, PrivateNote, Topic

TODAY = date(2026, 9, 15)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel("2026-09-15 10:00 -05:00", tick=False):
        yield


def _topics(program, *names):
    return [str(Topic.objects.get(program=program, name=n).pk) for n in names]


def _log(client, pair, **extra):
    page = client.get(reverse("log_meeting", args=[pair.pk]))
    data = {
        "mentorships": [pair.pk],
        "on": TODAY.isoformat(),
        "duration_minutes": "30",
        "mode": "in_person",
        **extra,
    }
    return page, client.post(reverse("log_meeting", args=[pair.pk]), data)


def test_the_log_form_defaults_to_today_and_folds_grow_notes(world, login):
    page = login(world.mark).get(reverse("log_meeting", args=[world.mark_maya.pk]))
    html = page.content.decode()
    assert f'value="{TODAY.isoformat()}"' in html
    assert "<details><summary>GROW notes" in html
    for topic in ("Career advice", "Personal development", "Residency applications"):
        assert topic in html
    assert 'value="15"' in html and 'value="60"' in html


def test_a_mentor_logs_a_held_meeting_with_topics_and_grow_notes(world, login):
    client = login(world.mark)
    _, response = _log(
        client,
        world.mark_maya,
        duration_minutes="45",
        mode="virtual",
        topics=_topics(world.clerkship, "Career advice", "Specialty choice"),
        reality="Torn between two fields",
        will="Shadow in cardiology next week",
    )
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert meeting.status == Meeting.Status.HELD
    assert (meeting.on, meeting.mode, meeting.duration_minutes) == (TODAY, "virtual", 45)
    assert sorted(t.name for t in meeting.topics.all()) == ["Career advice", "Specialty choice"]
    detail = login(world.maya).get(reverse("meeting", args=[meeting.pk])).content.decode()
    assert "Torn between two fields" in detail and "Career advice" in detail


def test_a_held_meeting_cannot_be_in_the_future(world, login):
    client = login(world.mark)
    response = client.post(
        reverse("log_meeting", args=[world.mark_maya.pk]),
        {"mentorships": [world.mark_maya.pk], "on": (TODAY + timedelta(days=3)).isoformat(),
         "duration_minutes": "30", "mode": "in_person"},
    )
    assert response.status_code == 200
    assert "cannot be in the future" in response.content.decode()
    assert not Meeting.objects.exists()


def test_a_group_meeting_links_one_mentor_with_several_mentees(world, login):
    client = login(world.mark)
    page = client.get(reverse("log_meeting", args=[world.mark_maya.pk])).content.decode()
    assert "Nina Other" in page  # the mentor may add his other mentee
    client.post(
        reverse("log_meeting", args=[world.mark_maya.pk]),
        {"mentorships": [world.mark_maya.pk, world.mark_nina.pk], "on": TODAY.isoformat(),
         "duration_minutes": "60", "mode": "in_person"},
    )
    meeting = Meeting.objects.get()
    assert {p.mentee.full_name for p in meeting.mentorships.all()} == {"Maya Mentee", "Nina Other"}
    assert "Group meeting" in login(world.nina).get(meeting.get_absolute_url()).content.decode()


def test_a_mentee_cannot_add_another_mentee_to_a_meeting(world, login):
    client = login(world.maya)
    page = client.get(reverse("log_meeting", args=[world.mark_maya.pk])).content.decode()
    assert "Nina Other" not in page
    response = client.post(
        reverse("log_meeting", args=[world.mark_maya.pk]),
        {"mentorships": [world.mark_maya.pk, world.mark_nina.pk], "on": TODAY.isoformat(),
         "duration_minutes": "30", "mode": "in_person"},
    )
    assert response.status_code == 200 and not Meeting.objects.exists()


def test_a_private_note_reaches_its_author_only(world, login):
    client = login(world.mark)
    _log(client, world.mark_maya, private_note="Seems tired; ask about sleep")
    meeting = Meeting.objects.get()
    assert PrivateNote.objects.get().author == world.mark
    assert "ask about sleep" in client.get(meeting.get_absolute_url()).content.decode()
    assert "ask about sleep" not in login(world.maya).get(
        meeting.get_absolute_url()
    ).content.decode()
    assert "ask about sleep" not in login(world.alice).get(
        reverse("mentorship", args=[world.mark_maya.pk])
    ).content.decode()


def test_the_mentee_reflects_on_a_held_meeting(world, login):
    _log(login(world.mark), world.mark_maya)
    meeting = Meeting.objects.get()
    client = login(world.maya)
    client.post(
        reverse("meeting_reflect", args=[meeting.pk]),
        {"learned": "Cardiology needs research early", "next_actions": "Email Dr. K"},
    )
    page = login(world.mark).get(meeting.get_absolute_url()).content.decode()
    assert "Cardiology needs research early" in page and "Email Dr. K" in page


def test_a_series_every_two_weeks_is_expanded_into_scheduled_meetings(world, login):
    client = login(world.mark)
    response = client.post(
        reverse("schedule_meeting", args=[world.mark_maya.pk]),
        {"mentorships": [world.mark_maya.pk], "on": "2026-09-20", "starts_at": "07:30",
         "duration_minutes": "30", "mode": "virtual", "every_weeks": "2", "until": "2026-11-01"},
    )
    assert response.status_code == 302
    dates = sorted(Meeting.objects.values_list("on", flat=True))
    assert dates == [date(2026, 9, 20), date(2026, 10, 4), date(2026, 10, 18), date(2026, 11, 1)]
    assert set(Meeting.objects.values_list("status", flat=True)) == {"scheduled"}


def test_a_scheduled_meeting_is_logged_as_held_from_its_own_page(world, login):
    client = login(world.mark)
    client.post(
        reverse("schedule_meeting", args=[world.mark_maya.pk]),
        {"mentorships": [world.mark_maya.pk], "on": TODAY.isoformat(),
         "duration_minutes": "45", "mode": "virtual"},
    )
    meeting = Meeting.objects.get()
    form = client.get(reverse("meeting_held", args=[meeting.pk])).content.decode()
    assert 'value="45"' in form and "Log this meeting" in form
    client.post(
        reverse("meeting_held", args=[meeting.pk]),
        {"mentorships": [world.mark_maya.pk], "on": TODAY.isoformat(),
         "duration_minutes": "45", "mode": "virtual"},
    )
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.HELD and Meeting.objects.count() == 1
