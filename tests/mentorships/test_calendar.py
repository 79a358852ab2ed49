"""Calendar: a private ICS feed per person (token, no login) and an .ics per meeting."""

from __future__ import annotations

import time_machine
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from mentora.mentorships.actions import MeetingDetails, do_schedule_meeting
from mentora.mentorships.models import CalendarFeed


def _events(data: bytes) -> list:
    return [c for c in Calendar.from_ical(data).walk() if c.name == "VEVENT"]


@time_machine.travel("2026-09-15 10:00 -05:00", tick=False)
def test_the_feed_lists_scheduled_meetings_without_login_and_without_notes(world, login, client):
    from datetime import date, time

    do_schedule_meeting(
        [world.mark_maya],
        MeetingDetails(on=date(2026, 9, 20), starts_at=time(7, 30), duration_minutes=45,
                       goal="secret goal text"),
        world.mark, timezone.now(), every_weeks=2, until=date(2026, 10, 18),
    )
    maya = login(world.maya)
    assert maya.get(reverse("calendar")).status_code == 200
    assert not CalendarFeed.objects.exists()  # opening the page makes no address
    page = maya.post(reverse("reset_calendar"), follow=True).content.decode()
    token = CalendarFeed.objects.get(person=world.maya).token
    assert token in page and len(token) >= 40 and "Your calendar address is ready" in page
    client.logout()
    response = client.get(f"/calendar/{token}.ics")
    assert response["Content-Type"].startswith("text/calendar")
    events = _events(response.content)
    assert len(events) == 3
    first = sorted(events, key=lambda e: e.decoded("dtstart"))[0]
    assert first.decoded("dtstart").hour == 7 and "Maya Mentee" in str(first["summary"])
    assert b"secret goal text" not in response.content


def test_the_feed_address_starts_with_site_url(world, login, settings):
    settings.SITE_URL = "https://mentora.example.edu/"
    page = login(world.maya).post(reverse("reset_calendar"), follow=True).content.decode()
    token = CalendarFeed.objects.get(person=world.maya).token
    assert f'value="https://mentora.example.edu/calendar/{token}.ics"' in page


def test_a_wrong_token_is_a_404_and_a_reset_retires_the_old_address(world, login, client):
    login(world.maya).post(reverse("reset_calendar"))
    old = CalendarFeed.objects.get(person=world.maya).token
    assert client.get("/calendar/not-a-token.ics").status_code == 404
    page = login(world.maya).post(reverse("reset_calendar"), follow=True).content.decode()
    assert "the old one no longer works" in page
    new = CalendarFeed.objects.get(person=world.maya).token
    assert new != old and new in page
    assert client.get(f"/calendar/{old}.ics").status_code == 404


def test_one_meeting_downloads_as_an_ics_file(world, login):
    from datetime import date

    [meeting] = do_schedule_meeting(
        [world.mark_maya], MeetingDetails(on=date(2026, 9, 20)), world.mark, timezone.now()
    )
    response = login(world.mark).get(reverse("meeting_ics", args=[meeting.pk]))
    assert "attachment" in response["Content-Disposition"]
    [event] = _events(response.content)
    assert str(event["uid"]).startswith(str(meeting.uid))
    assert login(world.nina).get(reverse("meeting_ics", args=[meeting.pk])).status_code == 404


def test_a_deactivated_account_loses_its_feed(world, login, client):
    from mentora.people.accounts import do_deactivate_account

    login(world.maya).post(reverse("reset_calendar"))
    token = CalendarFeed.objects.get(person=world.maya).token
    client.logout()
    assert client.get(f"/calendar/{token}.ics").status_code == 200
    do_deactivate_account(world.maya.user)
    assert client.get(f"/calendar/{token}.ics").status_code == 404


@time_machine.travel("2026-09-15 10:00 -05:00", tick=False)
def test_the_feed_carries_a_vtimezone_for_the_zone_its_times_name(world, login, client):
    from datetime import date, time, timedelta

    from icalendar import Timezone

    do_schedule_meeting(
        [world.mark_maya],
        MeetingDetails(on=date(2026, 10, 20), starts_at=time(7, 30), duration_minutes=45),
        world.mark, timezone.now(), every_weeks=2, until=date(2026, 11, 17),
    )  # from summer time (CDT, -5) into winter time (CST, -6)
    do_schedule_meeting([world.mark_maya], MeetingDetails(on=date(2026, 9, 25)), world.mark,
                        timezone.now())  # a day without a time names no zone
    login(world.maya).post(reverse("reset_calendar"))
    token = CalendarFeed.objects.get(person=world.maya).token
    client.logout()
    feed = Calendar.from_ical(client.get(f"/calendar/{token}.ics").content)
    assert feed.get_used_tzids() == {"America/Chicago"}
    assert feed.get_missing_tzids() == set()
    [vtimezone] = feed.walk("VTIMEZONE")
    assert isinstance(vtimezone, Timezone) and vtimezone.tz_name == "America/Chicago"
    zone = vtimezone.to_tz()
    starts = sorted(e.decoded("dtstart") for e in _events(feed.to_ical()) if "TZID" in
                    e["dtstart"].params)
    # read with the feed's own VTIMEZONE, each meeting starts at 7:30 Chicago time
    offsets = [zone.utcoffset(start.replace(tzinfo=None)) for start in starts]
    assert offsets[0] == timedelta(hours=-5) and offsets[-1] == timedelta(hours=-6)
    assert all(start.astimezone(zone).time() == time(7, 30) for start in starts)


def test_a_meeting_file_carries_its_vtimezone_and_a_far_date_costs_no_millennia(world, login):
    import time as clock
    from datetime import date, time

    [meeting] = do_schedule_meeting(
        [world.mark_maya], MeetingDetails(on=date(9999, 12, 30), starts_at=time(23, 0)),
        world.mark, timezone.now(),
    )
    started = clock.monotonic()
    response = login(world.mark).get(reverse("meeting_ics", args=[meeting.pk]))
    assert clock.monotonic() - started < 5
    feed = Calendar.from_ical(response.content)
    assert feed.get_missing_tzids() == set() and len(feed.walk("VTIMEZONE")) == 1


def test_the_menu_links_to_the_calendar_of_mentors_and_mentees(world, login):
    for person in (world.maya, world.mark):
        home = login(person).get(reverse("home")).content.decode()
        nav = home.split('<nav aria-label="Main">')[1].split("</nav>")[0]
        assert f'href="{reverse("calendar")}"' in nav
    home = login(world.alice).get(reverse("home")).content.decode()  # a coordinator: no meetings
    nav = home.split('<nav aria-label="Main">')[1].split("</nav>")[0]
    assert f'href="{reverse("calendar")}"' not in nav
