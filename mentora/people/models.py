from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse

from mentora.people.ladder import LABELS, Stage

CAREER_STAGE_CHOICES = [(int(s), LABELS[s]) for s in Stage]


class CommunicationStyle(models.TextChoices):
    DIRECT = "direct", "Direct and brief"
    SUPPORTIVE = "supportive", "Supportive and encouraging"
    STRUCTURED = "structured", "Structured, agenda-driven"
    FLEXIBLE = "flexible", "Flexible, conversational"


class Interest(models.Model):
    """A specialty or a scholarly interest, shared vocabulary for profiles and matching."""

    class Kind(models.TextChoices):
        SPECIALTY = "specialty", "Specialty"
        SCHOLARLY = "scholarly", "Scholarly"

    name = models.CharField(max_length=120)
    kind = models.CharField(max_length=16, choices=Kind.choices)

    class Meta:
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "name"], name="unique_interest_per_kind"),
            # "Emergency Medicine" and "Emergency medicine" are one interest (people.interests).
            models.UniqueConstraint(
                Lower("name"), "kind", name="unique_interest_per_kind_any_case"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Person(models.Model):
    """Anyone in a program. A person may exist before they have an account (enrolled, invited)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )
    full_name = models.CharField(max_length=200)
    email = models.EmailField(unique=True)
    career_stage = models.PositiveSmallIntegerField(choices=CAREER_STAGE_CHOICES)
    department = models.CharField("department or division", max_length=200, blank=True)
    site = models.CharField(max_length=120, blank=True)
    specialty_interests = models.ManyToManyField(
        Interest, blank=True, related_name="+", limit_choices_to={"kind": "specialty"}
    )
    scholarly_interests = models.ManyToManyField(
        Interest, blank=True, related_name="+", limit_choices_to={"kind": "scholarly"}
    )
    goals = models.TextField(blank=True)
    communication_style = models.CharField(
        max_length=16, choices=CommunicationStyle.choices, blank=True
    )
    timezone = models.CharField(max_length=64, default="America/Chicago")
    notification_email = models.EmailField(
        "email for notifications",
        blank=True,
        help_text="Where Mentora writes to this person; empty: their sign-in email "
        "(mentora.people.contact).",
    )
    is_evaluator = models.BooleanField(default=False)
    evaluator_expires_on = models.DateField(
        null=True,
        blank=True,
        help_text="From this day on the evaluator right grants nothing; empty: no end.",
    )
    is_synthetic = models.BooleanField(
        default=False, help_text="Made up by the demo; shown with a mark in the interface."
    )
    # The academic year for which the stage was last advanced, so two cohorts rolling over
    # in the same year cannot advance a person twice.
    stage_advanced_for = models.CharField(max_length=9, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["full_name"]
        # Lists of a cohort's people, pairs or invitations are sorted by name a page at a time:
        # PostgreSQL walks this index and stops after the page (docs/performance.md).
        indexes = [models.Index(fields=["full_name"], name="person_name_idx")]

    def __str__(self) -> str:
        return self.full_name

    def get_absolute_url(self) -> str:
        return reverse("person", args=[self.pk])

    @property
    def stage_label(self) -> str:
        return LABELS[Stage(self.career_stage)]


class Answer(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    PREFER_NOT = "prefer_not", "Prefer not to say"


class Demographics(models.Model):
    """Restricted: seen by its owner only, counted in aggregates only."""

    class Gender(models.TextChoices):
        WOMAN = "woman", "Woman"
        MAN = "man", "Man"
        NONBINARY = "nonbinary", "Non-binary"
        SELF_DESCRIBE = "self_describe", "Prefer to self-describe"
        PREFER_NOT = "prefer_not", "Prefer not to say"

    class Race(models.TextChoices):
        AI_AN = "ai_an", "American Indian or Alaska Native"
        ASIAN = "asian", "Asian"
        BLACK = "black", "Black or African American"
        HISPANIC = "hispanic", "Hispanic, Latino or Spanish origin"
        MENA = "mena", "Middle Eastern or North African"
        NH_PI = "nh_pi", "Native Hawaiian or Other Pacific Islander"
        WHITE = "white", "White"
        SELF_DESCRIBE = "self_describe", "Prefer to self-describe"
        PREFER_NOT = "prefer_not", "Prefer not to say"

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="demographics")
    gender = models.CharField(max_length=16, choices=Gender.choices, blank=True)
    gender_self_description = models.CharField(max_length=120, blank=True)
    underrepresented = models.CharField(
        "underrepresented in medicine", max_length=16, choices=Answer.choices, blank=True
    )
    first_generation = models.CharField(max_length=16, choices=Answer.choices, blank=True)
    rural_background = models.CharField(max_length=16, choices=Answer.choices, blank=True)
    race_ethnicity = models.JSONField(default=list, blank=True)
    race_self_description = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name_plural = "demographics"

    def __str__(self) -> str:
        return f"Demographics of {self.person}"


class Invitation(models.Model):
    """A single-use link to activate an account. Only a hash of the token is stored."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="invitations")
    token_hash = models.CharField(max_length=64, unique=True)
    # The token is made from the nonce under the site's key when the email is written (so it can
    # wait in the outbox); blank for invitations made before that, whose token was random.
    nonce = models.CharField(max_length=43, blank=True)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Invitation for {self.person}"


class UserSession(models.Model):
    """A session an account signed in with, written at sign-in (mentora.people.sessions), so
    that ending an account or a role ends its sessions at once, by key, whatever the session
    store and however many sessions the site holds."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="signed_in_sessions"
    )
    session_key = models.CharField(max_length=40, unique=True)
    started_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"Session of {self.user} since {self.started_at:%Y-%m-%d %H:%M}"
