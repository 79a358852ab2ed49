"""Meetings: scheduled (once or as a series) and held, with GROW notes shared by the pair,
private notes seen by their author only, and the mentee's reflection."""

from __future__ import annotations

import uuid
from datetime import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import models
from django.urls import reverse

from mentora.mentorships.models.mentorship import Mentorship
from mentora.people.models import Person
from mentora.programs.models import Program


class Topic(models.Model):
    """A program's taxonomy of what pairs talk about, seeded with the seeds' topics."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="topics")
    name = models.CharField(max_length=80)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["program", "position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["program", "name"], name="unique_topic_per_program")
        ]

    def __str__(self) -> str:
        return self.name


class MeetingSeries(models.Model):
    """A recurring rule ("every N weeks until a date"), expanded into scheduled meetings."""

    mentor = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    every_weeks = models.PositiveSmallIntegerField()
    first_on = models.DateField()
    until = models.DateField()
    created_at = models.DateTimeField()

    class Meta:
        verbose_name_plural = "meeting series"

    def __str__(self) -> str:
        return f"Every {self.every_weeks} weeks from {self.first_on} to {self.until}"


class Meeting(models.Model):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        HELD = "held", "Held"
        CANCELLED = "cancelled", "Cancelled"

    class Mode(models.TextChoices):
        IN_PERSON = "in_person", "In person"
        VIRTUAL = "virtual", "Virtual"

    class Kind(models.TextChoices):
        REGULAR = "regular", "Regular"
        REVIEW = "review", "Progress review"

    # One mentorship for a pair's meeting; several (one mentor, several mentees) for a group.
    mentorships = models.ManyToManyField(Mentorship, related_name="meetings")
    mentor = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="meetings_led")
    series = models.ForeignKey(
        MeetingSeries, null=True, blank=True, on_delete=models.SET_NULL, related_name="meetings"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    kind = models.CharField(max_length=8, choices=Kind.choices, default=Kind.REGULAR)
    on = models.DateField("date")
    starts_at = models.TimeField(null=True, blank=True)
    duration_minutes = models.PositiveSmallIntegerField(default=30)
    mode = models.CharField(max_length=10, choices=Mode.choices, default=Mode.IN_PERSON)
    place = models.CharField("place or link", max_length=300, blank=True)
    topics = models.ManyToManyField(Topic, blank=True, related_name="meetings")
    # GROW notes, shared by the pair (seed 001).
    goal = models.TextField(blank=True)
    reality = models.TextField(blank=True)
    options = models.TextField(blank=True)
    will = models.TextField(blank=True)
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    logged_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-on", "-starts_at"]
        indexes = [models.Index(fields=["status", "on"])]

    def __str__(self) -> str:
        return f"{self.get_status_display()} meeting on {self.on}"

    def get_absolute_url(self) -> str:
        return reverse("meeting", args=[self.pk])

    @property
    def starts(self) -> datetime | None:
        """When a timed meeting starts: its date and time are the site's wall clock
        (TIME_ZONE), as the calendar feed says; pages show it in the viewer's zone."""
        if self.starts_at is None:
            return None
        return datetime.combine(self.on, self.starts_at, tzinfo=ZoneInfo(settings.TIME_ZONE))

    @property
    def has_notes(self) -> bool:
        return any((self.goal, self.reality, self.options, self.will))


class PairNotes(models.Model):
    """One pair's own GROW notes at a group meeting. A group meeting's notes are per pair, so
    that logging it for one pair never overwrites another pair's (the meeting's own GROW fields
    are what every pair of it shares, e.g. a schedule's agenda or a one-pair meeting's notes)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="pair_notes")
    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="+")
    goal = models.TextField(blank=True)
    reality = models.TextField(blank=True)
    options = models.TextField(blank=True)
    will = models.TextField(blank=True)
    updated_at = models.DateTimeField()

    class Meta:
        verbose_name_plural = "pair notes"
        constraints = [
            models.UniqueConstraint(fields=["meeting", "mentorship"], name="one_notes_per_pair")
        ]

    def __str__(self) -> str:
        return f"GROW notes of {self.mentorship} on {self.meeting}"

    @property
    def has_notes(self) -> bool:
        return any((self.goal, self.reality, self.options, self.will))


class PrivateNote(models.Model):
    """A note on a meeting that only its author ever sees: not the pair, not coordinators."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="private_notes")
    author = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="private_notes")
    text = models.TextField()
    updated_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "author"], name="one_private_note_each")
        ]

    def __str__(self) -> str:
        return f"Private note by {self.author}"


class Reflection(models.Model):
    """The mentee's reflection after a meeting (seed 001: summarise lessons, plan next actions)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="reflections")
    mentee = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="reflections")
    learned = models.TextField("what I learned")
    next_actions = models.TextField("my next actions", blank=True)
    updated_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "mentee"], name="one_reflection_each")
        ]

    def __str__(self) -> str:
        return f"Reflection by {self.mentee}"


class CalendarFeed(models.Model):
    """A private ICS feed: the token in the URL is the only key, as calendars cannot log in."""

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="calendar_feed")
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"Calendar feed of {self.person}"
