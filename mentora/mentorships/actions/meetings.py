"""Scheduling and logging meetings, private notes and reflections."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from mentora.audit.record import Action, record, record_many
from mentora.mentorships.models import (
    Meeting,
    MeetingSeries,
    Mentorship,
    PairNotes,
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


GROW = ("goal", "reality", "options", "will")


def _grow(notes: Meeting | PairNotes) -> dict[str, str]:
    return {name: getattr(notes, name) for name in GROW}


def _set_grow(meeting: Meeting, values: dict[str, str]) -> None:
    for name, value in values.items():
        setattr(meeting, name, value)


def readable_pairs(pairs: list[Mentorship], reader: Person) -> list[Mentorship]:
    """The pairs of a meeting whose GROW notes `reader` reads: a mentee their own pair's only
    (each pair's notes at a group meeting are that pair's), the mentor every pair's."""
    if any(pair.mentee_id == reader.pk for pair in pairs):
        return [pair for pair in pairs if pair.mentee_id == reader.pk]
    return pairs


def grow_notes(
    meeting: Meeting, pairs: list[Mentorship]
) -> list[tuple[Mentorship, dict[str, str]]]:
    """The GROW notes each of `pairs` has at the meeting (its own at a group meeting, else the
    meeting's shared ones), only those with a note."""
    own = {n.mentorship_id: _grow(n) for n in meeting.pair_notes.filter(mentorship__in=pairs)}
    shared = _grow(meeting)
    found = [(pair, own.get(pair.pk, shared)) for pair in pairs]
    return [(pair, notes) for pair, notes in found if any(notes.values())]


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
    created = meeting is None
    if meeting is None:
        meeting = Meeting(mentor=mentor, created_at=now)
    shared = _grow(meeting)
    _apply(meeting, details)
    meeting.status = Meeting.Status.HELD
    meeting.logged_by = by
    meeting.save()
    # Logging a scheduled group meeting from one pair's page keeps it with every pair it had.
    meeting.mentorships.add(*mentorships)
    meeting.topics.set(details.topics)
    if meeting.mentorships.count() > 1:
        # A group meeting: the notes typed are the ticked pairs' own; the shared ones and the
        # other pairs' notes stay as they were.
        typed = _grow(meeting)
        _set_grow(meeting, shared)
        meeting.save(update_fields=list(GROW))
        if any(typed.values()):
            for pair in mentorships:
                PairNotes.objects.update_or_create(
                    meeting=meeting, mentorship=pair, defaults={**typed, "updated_at": now}
                )
    if private_note.strip():
        do_write_private_note(meeting, by, private_note, now)
    record(Action.CREATE if created else Action.UPDATE, meeting, by=by,
           program=mentorships[0].cohort, fields=["status", *GROW], note="held")
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
    record_many(Action.CREATE, meetings, program=mentorships[0].cohort, by=by, note="scheduled")
    return meetings


@transaction.atomic
def do_cancel_meeting(meeting: Meeting) -> None:
    meeting.status = Meeting.Status.CANCELLED
    meeting.save(update_fields=["status"])
    record(Action.UPDATE, meeting, fields=["status"], note="cancelled")


@transaction.atomic
def do_write_private_note(meeting: Meeting, author: Person, text: str, now: datetime) -> None:
    """Keep the author's note, or delete it when emptied."""
    if not text.strip():
        for note in PrivateNote.objects.filter(meeting=meeting, author=author):
            record(Action.DELETE, note, by=author)
            note.delete()
        return
    note, created = PrivateNote.objects.update_or_create(
        meeting=meeting, author=author, defaults={"text": text.strip(), "updated_at": now}
    )
    record(Action.CREATE if created else Action.UPDATE, note, by=author, fields=["text"])


def visible_reflections(meeting: Meeting, reader: Person) -> QuerySet[Reflection]:
    """The reflections of a meeting that `reader` may read: the meeting's mentor reads them all,
    a mentee only their own, anyone else none."""
    reflections = meeting.reflections.select_related("mentee")
    if reader.pk == meeting.mentor_id:
        return reflections
    return reflections.filter(mentee=reader)


@transaction.atomic
def do_reflect(
    meeting: Meeting, mentee: Person, learned: str, next_actions: str, now: datetime
) -> Reflection:
    if not meeting.mentorships.filter(mentee=mentee).exists():
        raise MeetingError("Only a mentee of this meeting can reflect on it.")
    if meeting.status != Meeting.Status.HELD:
        raise MeetingError("Reflect on a meeting once it has been held.")
    reflection, created = Reflection.objects.update_or_create(
        meeting=meeting,
        mentee=mentee,
        defaults={"learned": learned, "next_actions": next_actions, "updated_at": now},
    )
    record(Action.CREATE if created else Action.UPDATE, reflection, by=mentee,
           fields=["learned", "next_actions"])
    return reflection
