"""Instruments as data, and the waves, invitations and responses that use them.

An instrument is versioned: a wave points at one version and every answer at one item of that
version, so an answer always knows the wording it answered. The fields of `Item` mirror the 18
columns of a REDCap data dictionary (see mentora.surveys.interchange) so that a dictionary read
into the database and written back out loses nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse

from mentora.people.models import Person
from mentora.programs.models import Cohort


class ItemType(models.TextChoices):
    LIKERT = "likert", "Likert (labelled anchors)"
    SINGLE = "single", "Single choice"
    MULTIPLE = "multiple", "Multiple choice"
    YESNO = "yesno", "Yes / no"
    TRUEFALSE = "truefalse", "True / false"
    NUMBER = "number", "Number"
    INTEGER = "integer", "Whole number"
    TEXT = "text", "Short text"
    NOTES = "notes", "Long text"
    SLIDER = "slider", "Slider"
    DATE = "date", "Date"
    DATETIME = "datetime", "Date and time"
    TIME = "time", "Time"
    CALC = "calc", "Calculated"
    FILE = "file", "File upload"
    DESCRIPTIVE = "descriptive", "Descriptive text"
    SQL = "sql", "Dynamic SQL"


class Instrument(models.Model):
    name = models.SlugField(max_length=80, help_text="Stable name shared by all versions.")
    title = models.CharField(max_length=200)
    version = models.PositiveIntegerField(default=1)
    description = models.TextField(blank=True)
    source = models.CharField(max_length=200, blank=True, help_text="Where the wording is from.")
    in_library = models.BooleanField(default=False)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["name", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["name", "version"], name="one_instrument_version")
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"

    def ordered_items(self) -> models.QuerySet[Item]:
        return self.items.select_related("section").order_by("position")


class Section(models.Model):
    """A run of items under one header, inside one REDCap form (a page group)."""

    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="sections")
    form = models.CharField(max_length=100)
    form_title = models.CharField(max_length=200, blank=True)
    header = models.TextField(blank=True)
    position = models.PositiveIntegerField()

    class Meta:
        ordering = ["instrument", "position"]
        constraints = [
            models.UniqueConstraint(fields=["instrument", "position"], name="one_section_position")
        ]

    def __str__(self) -> str:
        return self.header or self.form_title or self.form


class Item(models.Model):
    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="items")
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField()
    variable = models.CharField(max_length=100)
    type = models.CharField(max_length=12, choices=ItemType.choices)
    label = models.TextField(blank=True)
    # [[code, label], ...] for Likert, single and multiple choice.
    choices = models.JSONField(default=list, blank=True)
    calculation = models.TextField(blank=True)
    slider_labels = models.JSONField(default=list, blank=True)
    field_note = models.TextField(blank=True)
    validation = models.CharField(max_length=60, blank=True)
    validation_min = models.CharField(max_length=60, blank=True)
    validation_max = models.CharField(max_length=60, blank=True)
    identifier = models.BooleanField(default=False, help_text="Identifying data: sensitive.")
    branching_logic = models.TextField(blank=True)
    required = models.BooleanField(default=False)
    custom_alignment = models.CharField(max_length=4, blank=True)
    question_number = models.CharField(max_length=60, blank=True)
    matrix_group = models.CharField(max_length=100, blank=True)
    matrix_ranking = models.BooleanField(default=False)
    annotation = models.TextField(blank=True)
    dropdown = models.BooleanField(default=False)

    class Meta:
        ordering = ["instrument", "position"]
        constraints = [
            models.UniqueConstraint(fields=["instrument", "variable"], name="one_item_variable"),
            models.UniqueConstraint(fields=["instrument", "position"], name="one_item_position"),
        ]

    def __str__(self) -> str:
        return self.variable

    @property
    def stores_data(self) -> bool:
        return self.type != ItemType.DESCRIPTIVE

    @property
    def answer_choices(self) -> list[tuple[str, str]]:
        if self.type == ItemType.YESNO:
            return [("1", "Yes"), ("0", "No")]
        if self.type == ItemType.TRUEFALSE:
            return [("1", "True"), ("0", "False")]
        return [(code, label) for code, label in self.choices]


class Scale(models.Model):
    """A score from several items: their mean or sum, some reverse-coded, maybe a threshold."""

    class Method(models.TextChoices):
        MEAN = "mean", "Item mean"
        SUM = "sum", "Sum"

    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="scales")
    name = models.SlugField(max_length=80)
    label = models.CharField(max_length=200)
    method = models.CharField(max_length=4, choices=Method.choices, default=Method.MEAN)
    threshold = models.FloatField(null=True, blank=True)
    threshold_label = models.CharField(max_length=120, blank=True)
    items: models.ManyToManyField[Item, ScaleItem] = models.ManyToManyField(
        Item, through="ScaleItem", related_name="scales"
    )

    class Meta:
        ordering = ["instrument", "name"]
        constraints = [
            models.UniqueConstraint(fields=["instrument", "name"], name="one_scale_name")
        ]

    def __str__(self) -> str:
        return self.label

    def score(self, answers: Mapping[str, Any]) -> float | None:
        """The scale's score from raw answers (variable -> code); None if any item is missing."""
        values = []
        for member in self.members.select_related("item"):
            value = _number(answers.get(member.item.variable))
            if value is None:
                return None
            if member.reverse:
                codes = [float(code) for code, _ in member.item.answer_choices]
                value = min(codes) + max(codes) - value
            values.append(value)
        if not values:
            return None
        return sum(values) / len(values) if self.method == self.Method.MEAN else sum(values)

    def meets_threshold(self, score: float | None) -> bool | None:
        if score is None or self.threshold is None:
            return None
        return score >= self.threshold


def _number(value: Any) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


class ScaleItem(models.Model):
    scale = models.ForeignKey(Scale, on_delete=models.CASCADE, related_name="members")
    item = models.ForeignKey(Item, on_delete=models.CASCADE)
    reverse = models.BooleanField(default=False, help_text="Reverse-coded.")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["scale", "item"], name="one_scale_item")]

    def __str__(self) -> str:
        return f"{self.scale.name}: {self.item.variable}{' (reversed)' if self.reverse else ''}"


class SurveyProject(models.Model):
    """A REDCap or Qualtrics project imported into a cohort: what makes two projects two.

    Its name is also its instrument's (instrument names are shared by all versions, site-wide),
    so it is unique: two `dictionary.csv` files never become versions of one instrument. Its
    waves are its events; importing again into it updates them in place. It keeps what a
    REDCap project carries beside its records (arms, the instrument-event mapping, data access
    groups, repeating instruments and events) to write them back on export.
    """

    class Kind(models.TextChoices):
        REDCAP = "redcap", "REDCap"
        QUALTRICS = "qualtrics", "Qualtrics"

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="survey_projects")
    name = models.SlugField(max_length=80, unique=True, help_text="Its instrument's name too.")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    # REDCap's own tables as imported: {"columns": [...], "rows": [{column: cell}]}, or []
    # when none was given (mentora.surveys.interchange.project; projects.keep_metadata).
    arms = models.JSONField(default=list, blank=True)
    form_events = models.JSONField(default=list, blank=True)
    access_groups = models.JSONField(default=list, blank=True)
    repeating = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["cohort", "name"]

    def __str__(self) -> str:
        return self.name


class Wave(models.Model):
    """An instrument given to a cohort at one time point; a REDCap event when imported."""

    class TimePoint(models.TextChoices):
        BASELINE = "baseline", "Baseline"
        END_OF_CLERKSHIP = "end_of_clerkship", "End of clerkship"
        FOLLOW_UP_1Y = "follow_up_1y", "1-year follow-up"
        OTHER = "other", "Other"

    class Anchor(models.TextChoices):
        FIXED = "", "On fixed dates"
        START = "start", "From each person's start"
        END = "end", "From each person's end"

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="survey_waves")
    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="waves")
    # The imported project this wave is an event of (none for a wave started in Mentora).
    project = models.ForeignKey(
        SurveyProject, null=True, blank=True, on_delete=models.SET_NULL, related_name="waves"
    )
    label = models.CharField(max_length=120)
    time_point = models.CharField(max_length=20, choices=TimePoint.choices, default=TimePoint.OTHER)
    position = models.PositiveIntegerField(default=0)
    opens_on = models.DateField()
    closes_on = models.DateField()
    # Timed per person (mentora.surveys.timed): each person's own window opens `offset_days`
    # after their start or end (mentora.programs.timing) and lasts `window_days`; opens_on and
    # closes_on are then the span of everyone's windows. Blank anchor: fixed dates for all.
    anchor = models.CharField(max_length=5, choices=Anchor.choices, default="", blank=True)
    offset_days = models.IntegerField(default=0)
    window_days = models.PositiveSmallIntegerField(default=14)
    anonymous = models.BooleanField(
        default=False, help_text="Anonymous answers are never linked to the person."
    )
    reminder_every_days = models.PositiveSmallIntegerField(default=7)
    max_reminders = models.PositiveSmallIntegerField(default=3)
    # REDCap: the event this wave is (blank for a project without events) and its arm.
    event_name = models.CharField(max_length=100, blank=True)
    event_label = models.CharField(max_length=200, blank=True)
    event_custom_label = models.CharField(max_length=200, blank=True)
    event_id = models.CharField(max_length=40, blank=True)
    event_extra = models.JSONField(default=dict, blank=True)
    arm = models.PositiveSmallIntegerField(default=1)
    arm_name = models.CharField(max_length=200, blank=True)
    # Which optional columns the raw export this wave came from carried (RawLayout).
    raw_layout = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["cohort", "position", "opens_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_on__gte=models.F("opens_on")),
                name="wave_closes_after_it_opens",
            )
        ]

    def __str__(self) -> str:
        return f"{self.instrument.title}: {self.label}"

    def get_absolute_url(self) -> str:
        return reverse("survey_wave", args=[self.pk])

    def is_open(self, today: date) -> bool:
        return self.opens_on <= today <= self.closes_on

    @property
    def per_person(self) -> bool:
        return bool(self.anchor)

    @property
    def timing(self) -> str:
        """When each person is asked, in words (a timed wave; blank for fixed dates)."""
        from mentora.surveys.timed import describe

        return describe(self.anchor, self.offset_days, self.window_days) if self.anchor else ""


class Respondent(models.Model):
    """Who answers identified waves in a cohort: a person, or someone known only by record id.

    The record id is what REDCap exports carry; imported records that match nobody are kept as
    external respondents under their record id, so baseline and follow-up still pair.
    """

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="respondents")
    record_id = models.CharField(max_length=100)
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.CASCADE, related_name="respondents"
    )

    class Meta:
        ordering = ["cohort", "record_id"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "record_id"], name="one_record_id"),
            models.UniqueConstraint(fields=["cohort", "person"], name="one_respondent_a_person"),
        ]

    def __str__(self) -> str:
        return self.record_id


class Invitation(models.Model):
    """A single-use survey link by email. Only a hash of the token is stored.

    The token is an HMAC of the invitation's nonce under the site's secret key, so reminders
    can mail the same link again while the database alone cannot produce it.
    """

    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="invitations")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="survey_invitations")
    email = models.EmailField()
    # The person's own window in a wave timed per person (empty: the wave's dates).
    opens_on = models.DateField(null=True, blank=True)
    closes_on = models.DateField(null=True, blank=True)
    nonce = models.CharField(max_length=32)
    token_hash = models.CharField(max_length=64, unique=True)
    sent_at = models.DateTimeField()
    last_sent_at = models.DateTimeField()
    reminders_sent = models.PositiveSmallIntegerField(default=0)
    opened_at = models.DateTimeField(null=True, blank=True)
    used_at = models.DateTimeField(
        null=True, blank=True, help_text="When the survey was submitted."
    )
    # Optimistic lock: a reminder is claimed by bumping this from the value read.
    version = models.PositiveIntegerField(default=0)
    # When the next reminder falls due; null once none will (submitted, reminders used up, or
    # the wave closes first). Kept by mentora.surveys.actions on every change of the wave's
    # schedule or of the invitation, so due reminders are found by this column alone.
    next_reminder_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["wave", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["wave", "person"], name="one_invitation_a_wave")
        ]
        indexes = [
            models.Index(
                fields=["next_reminder_at"],
                name="invitation_reminder_due",
                condition=models.Q(next_reminder_at__isnull=False),
            )
        ]

    def __str__(self) -> str:
        return f"{self.wave} for {self.email}"

    @property
    def window(self) -> tuple[date, date]:
        """The days this person may answer: their own window, else the wave's."""
        return (
            self.opens_on or self.wave.opens_on,
            self.closes_on or self.wave.closes_on,
        )


class Response(models.Model):
    """One record at one wave (and repeat instance): what REDCap calls a row of a raw export."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Saved, not submitted"
        SUBMITTED = "submitted", "Submitted"

    class Source(models.TextChoices):
        MENTORA = "mentora", "Answered in Mentora"
        REDCAP = "redcap", "Imported from REDCap"
        QUALTRICS = "qualtrics", "Imported from Qualtrics"

    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="responses")
    # Null for anonymous waves: the answers are never linked to the person.
    respondent = models.ForeignKey(
        Respondent, null=True, blank=True, on_delete=models.CASCADE, related_name="responses"
    )
    # While a survey is in progress, the link that resumes it; cleared on an anonymous submit.
    invitation = models.OneToOneField(
        Invitation, null=True, blank=True, on_delete=models.SET_NULL, related_name="response"
    )
    record_id = models.CharField(max_length=100)
    repeat_instrument = models.CharField(max_length=100, blank=True)
    repeat_instance = models.PositiveIntegerField(default=0, help_text="0: not repeated.")
    data_access_group = models.CharField(max_length=100, blank=True)
    survey_identifier = models.CharField(max_length=200, blank=True)
    completion = models.JSONField(default=dict, blank=True)  # form -> 0, 1 or 2
    timestamps = models.JSONField(default=dict, blank=True)  # form -> survey timestamp
    extra = models.JSONField(default=dict, blank=True)  # source metadata (Qualtrics)
    position = models.PositiveIntegerField(null=True, blank=True, help_text="Row in the import.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.MENTORA)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["wave", "position", "record_id", "repeat_instrument", "repeat_instance"]
        constraints = [
            models.UniqueConstraint(
                fields=["wave", "record_id", "repeat_instrument", "repeat_instance"],
                name="one_response_a_record_instance",
            )
        ]

    def __str__(self) -> str:
        return f"{self.record_id} at {self.wave.label}"


class Answer(models.Model):
    """A raw answer: the code or text as REDCap writes it; a list of codes for a checkbox."""

    # Answers are the largest table: a REDCap import writes millions at once (mentora.surveys.
    # bulk), and every index and constraint is paid per answer. So the only index is the unique
    # (response, item) one below, which serves every read (answers are read by response); an
    # index on the item alone (40 values over millions of rows) cost a third of PostgreSQL's
    # work per answer, and is missed only when an item is deleted (Django's PROTECT check
    # then scans). Neither key is a database constraint: PostgreSQL checks one row by row with
    # a trigger, which took two thirds of a 100,000-row import (4,000,000 answers). Django
    # still cascades a deleted response and protects an answered item (on_delete), and the
    # importers write only ids they read in the same transaction.
    response = models.ForeignKey(
        Response,
        on_delete=models.CASCADE,
        related_name="answers",
        db_index=False,
        db_constraint=False,
    )
    item = models.ForeignKey(
        Item,
        on_delete=models.PROTECT,
        related_name="answers",
        db_index=False,
        db_constraint=False,
    )
    value = models.JSONField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "item"], name="one_answer_an_item")
        ]

    def __str__(self) -> str:
        return f"{self.item.variable}={self.value}"


class SurveyImport(models.Model):
    """A large REDCap or Qualtrics import handed to the job queue.

    Holds the uploaded files until the import has run (then they are deleted) and its outcome:
    what was imported, or every problem found (nothing is imported then)."""

    class Kind(models.TextChoices):
        REDCAP = "redcap", "REDCap"
        QUALTRICS = "qualtrics", "Qualtrics"

    class State(models.TextChoices):
        WAITING = "waiting", "Waiting to run"
        DONE = "done", "Imported"
        FAILED = "failed", "Nothing imported"

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="survey_imports")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    options = models.JSONField(default=dict, blank=True, help_text="What the form asked for.")
    rows = models.PositiveIntegerField(default=0, help_text="Data rows of the main file.")
    state = models.CharField(max_length=8, choices=State.choices, default=State.WAITING)
    summary = models.TextField(blank=True)
    problems = models.JSONField(default=list, blank=True, help_text="Every bad cell, named.")
    job = models.ForeignKey(
        "jobs.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} import {self.pk} ({self.state})"

    def get_absolute_url(self) -> str:
        return reverse("survey_import", args=[self.pk])

    @property
    def finished(self) -> bool:
        return self.state != self.State.WAITING


class SurveyImportFile(models.Model):
    """One uploaded file of a queued import, kept in the database so any worker can read it."""

    survey_import = models.ForeignKey(SurveyImport, on_delete=models.CASCADE, related_name="files")
    part = models.CharField(max_length=20, help_text="dictionary, records, events or export.")
    name = models.CharField(max_length=255, help_text="The uploaded file's name.")
    text = models.TextField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["survey_import", "part"], name="one_file_a_part")
        ]

    def __str__(self) -> str:
        return f"{self.part}: {self.name}"
