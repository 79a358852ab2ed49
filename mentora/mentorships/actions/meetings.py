"""Scheduling and logging meetings, private notes and reflections."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.db import transaction
from django.utils import timezone

from mentora.mentorships.models import (
    Meeting,
    MeetingSeries,
    Mentorship,
    PrivateNote,
    Reflection,
    Topic,
)
from mentora.mentorships.pure import expand_recurrence
from mentora.people.models import Person


class MeetingError(ValueError):
    """A meeting that cannot be recorded as asked; the message says why."""


@dataclass
class MeetingDetails:
    """What a pair records about a meeting; everything but the date is optional."""

    on: date
    duration_minutes: int = 30
    mode: str = Meeting.Mode.IN_PERSON
    kind: str = Meeting.Kind.REGULAR
    starts_at: time | None = None
    place: str = ""
    topics: list[Topic] = field(default_factory=list)
    goal: str = ""
    reality: str = ""
    options: str = ""
    will: str = ""


def _check_group(mentorships: list[Mentorship]) -> Person:
    """A meeting belongs to one mentor; a group meeting is that mentor with several mentees."""
    if not mentorships:
        raise MeetingError("A meeting needs at least one mentorship.")
    mentors = {m.mentor_id for m in mentorships}
    if len(mentors) != 1:
        raise MeetingError("A group meeting is one mentor with several of their own mentees.")
    if any(not m.is_live for m in mentorships):
        raise MeetingError("Meetings can only be added to an active mentorship.")
    return mentorships[0].mentor


def _apply(meeting: Meeting, details: MeetingDetails) -> None:
    for name in (
        "on", "duration_minutes", "mode", "kind", "starts_at", "place",
        "goal", "reality", "options", "will",
    ):
        setattr(meeting, name, getattr(details, name))


@transaction.atomic
def do_log_meeting(
    mentorships: list[Mentorship],
    details: MeetingDetails,
    by: Person,
    now: datetime,
    private_note: str = "",
    meeting: Meeting | None = None,
) -> Meeting:
    """Record a held meeting (a new one, or a scheduled one that took place)."""
    mentor = _check_group(mentorships)
    if details.on > timezone.localdate(now):
        raise MeetingError(f"A held meeting cannot be in the future ({details.on}).")
    if meeting is None:
        meeting = Meeting(mentor=mentor, created_at=now)
    _apply(meeting, details)
    meeting.status = Meeting.Status.HELD
    meeting.logged_by = by
    meeting.save()
    meeting.mentorships.set(mentorships)
    meeting.topics.set(details.topics)
    if private_note.strip():
        do_write_private_note(meeting, by, private_note, now)
    return meeting


@transaction.atomic
def do_schedule_meeting(
    mentorships: list[Mentorship],
    details: MeetingDetails,
    by: Person,
    now: datetime,
    every_weeks: int | None = None,
    until: date | None = None,
) -> list[Meeting]:
    """Schedule one meeting, or a series (every N weeks until a date) as separate meetings."""
    mentor = _check_group(mentorships)
    series = None
    dates = [details.on]
    if every_weeks:
        if until is None:
            raise MeetingError("A recurring meeting needs an end date.")
        dates = expand_recurrence(details.on, every_weeks, until)
        series = MeetingSeries.objects.create(
            mentor=mentor, every_weeks=every_weeks, first_on=details.on, until=until,
            created_at=now,
        )
    meetings = []
    for on in dates:
        meeting = Meeting(mentor=mentor, series=series, logged_by=by, created_at=now)
        _apply(meeting, details)
        meeting.on = on
        meeting.status = Meeting.Status.SCHEDULED
        meeting.save()
        meeting.mentorships.set(mentorships)
        meeting.topics.set(details.topics)
        meetings.append(meeting)
    return meetings


def do_cancel_meeting(meeting: Meeting) -> None:
    meeting.status = Meeting.Status.CANCELLED
    meeting.save(update_fields=["status"])


def do_write_private_note(meeting: Meeting, author: Person, text: str, now: datetime) -> None:
    """Keep the author's note, or delete it when emptied."""
    if not text.strip():
        PrivateNote.objects.filter(meeting=meeting, author=author).delete()
        return
    PrivateNote.objects.update_or_create(
        meeting=meeting, author=author, defaults={"text": text.strip(), "updated_at": now}
    )


def do_reflect(
    meeting: Meeting, mentee: Person, learned: str, next_actions: str, now: datetime
) -> Reflection:
    if not meeting.mentorships.filter(mentee=mentee).exists():
        raise MeetingError("Only a mentee of this meeting can reflect on it.")
    if meeting.status != Meeting.Status.HELD:
        raise MeetingError("Reflect on a meeting once it has been held.")
    reflection, _ = Reflection.objects.update_or_create(
        meeting=meeting,
        mentee=mentee,
        defaults={"learned": learned, "next_actions": next_actions, "updated_at": now},
    )
    return reflection
