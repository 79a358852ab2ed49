"""Meetings as iCalendar, so they land in Outlook or Google Calendar.

Events carry who and when, never notes: a feed URL can be forwarded by mistake.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import TypeVar

from django.db import transaction
from django.db.models import QuerySet
from icalendar import Calendar, Event

from mentora.mentorships.models import CalendarFeed, Meeting
from mentora.people.models import Person

_Moment = TypeVar("_Moment", date, datetime)
ZONE_YEARS = (1970, 2100)


def _later(moment: _Moment, length: timedelta) -> _Moment:
    """The end of an event; one that would end after the last day a calendar holds (a date
    typed as 9999-12-31 before forms refused it) ends where it starts."""
    try:
        return moment + length
    except OverflowError:
        return moment


def _event(meeting: Meeting, stamp: datetime) -> Event:
    mentees = ", ".join(p.mentee.full_name for p in meeting.mentorships.all())
    event = Event()
    event.add("uid", f"{meeting.uid}@mentora")
    event.add("dtstamp", stamp)
    event.add("summary", f"Mentoring: {meeting.mentor.full_name} with {mentees}")
    start = meeting.starts
    if start is None:
        event.add("dtstart", meeting.on)
        event.add("dtend", _later(meeting.on, timedelta(days=1)))
    else:
        event.add("dtstart", start)
        event.add("dtend", _later(start, timedelta(minutes=meeting.duration_minutes)))
    if meeting.place:
        event.add("location", meeting.place)
    event.add("status", "CANCELLED" if meeting.status == Meeting.Status.CANCELLED else "CONFIRMED")
    return event


def meeting_ics(
    meetings: Iterable[Meeting], now: datetime, name: str = "Mentora meetings"
) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Mentora//Mentoring meetings//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    timed: list[datetime] = []
    for meeting in meetings:
        event = _event(meeting, now)
        calendar.add_component(event)
        start = event.decoded("dtstart")
        if isinstance(start, datetime):
            timed.append(start)
    if timed:
        # A VTIMEZONE for each zone the events name (RFC 5545 asks for one per TZID), with the
        # zone's rules over the whole years the events fall in (within ZONE_YEARS: a calendar
        # carries the last rules on, and a year typed as 9999 costs no 8,000 years of them).
        first, last = (
            min(max(t.year, ZONE_YEARS[0]), ZONE_YEARS[1]) for t in (min(timed), max(timed))
        )
        calendar.add_missing_timezones(first_date=date(first, 1, 1), last_date=date(last, 12, 31))
    return bytes(calendar.to_ical())


def meetings_in_feed(person: Person, today: date) -> QuerySet[Meeting]:
    """A person's meetings from a month before `today` on, as mentor or as mentee (cancelled
    ones too, so that calendars drop them)."""
    since = today - timedelta(days=30)
    recent = Meeting.objects.filter(on__gte=since).order_by()
    # Two indexed reads in one UNION: an OR across the join would read every recent meeting of
    # the site, and every calendar application asks for its feed every hour or so.
    ids = recent.filter(mentor=person).values("pk").union(
        recent.filter(mentorships__mentee=person).values("pk")
    )
    return (
        Meeting.objects.filter(pk__in=ids)
        .select_related("mentor")
        .prefetch_related("mentorships__mentee")
        .order_by("on", "starts_at")
    )


def feed_of(person: Person) -> CalendarFeed | None:
    """The person's feed, if they have asked for one (`do_new_feed`); reading never makes one."""
    return CalendarFeed.objects.filter(person=person).first()


@transaction.atomic
def do_new_feed(person: Person, now: datetime) -> CalendarFeed:
    """A new private address for the person's feed; an old one stops working at once."""
    CalendarFeed.objects.filter(person=person).delete()
    return CalendarFeed.objects.create(
        person=person, token=secrets.token_urlsafe(32), created_at=now
    )
