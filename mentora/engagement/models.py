"""Notifications (in the app and by email), each person's choices of what reaches them, and each
program's drift policy: when a pair behind its cadence is nudged, and who is told.

A notification is written once per thing and moment it is about (`key`, unique per recipient),
so planning the same reminder twice, or in two processes at once, makes one row. Its email is an
outbox entry: pending until one sender claims it (pending -> sending, an UPDATE whose row count
says who won), then sent, or pending again later if the mail server refused it.
"""

from __future__ import annotations

from django.db import models

from mentora.people.models import Person
from mentora.programs.models import Program


class Kind(models.TextChoices):
    MEETING_SOON = "meeting_soon", "A meeting in the next 24 hours"
    AGREEMENT_UNSIGNED = "agreement_unsigned", "An agreement waiting for my signature"
    PLAN_DUE = "plan_due", "My development plan is due"
    PLAN_REVIEW = "plan_review", "A development plan waiting for my review"
    GOAL_REVIEW = "goal_review", "A monthly goal review"
    DRIFT = "drift", "A relationship behind its agreed cadence"
    AT_RISK = "at_risk", "A pair flagged behind cadence (coordinators)"
    SURVEY_REMINDER = "survey_reminder", "Survey reminders"
    EVENT = "event", "An invitation to a training or event"
    PULSE = "pulse", "A pulse check on my mentoring relationship"
    DIGEST = "digest", "A weekly email gathering my unread notifications"
    MENTOR_OFFER = "mentor_offer", "The mentor role offered to me in a new academic year"
    # Links that prove who owns an email, always by email and never a choice: an invitation to
    # someone without an account yet, a confirmation of an enrolment through a public form.
    ACCOUNT_INVITATION = "account_invitation", "An invitation to set up my account"
    INTAKE_CONFIRMATION = "intake_confirm", "A link to confirm my enrolment from a public form"


LINK_KINDS = (Kind.ACCOUNT_INVITATION, Kind.INTAKE_CONFIRMATION)


class Notification(models.Model):
    class Email(models.TextChoices):
        PENDING = "pending", "Waiting to be sent"
        SENDING = "sending", "Being sent"
        SENT = "sent", "Sent"
        NOT_WANTED = "not_wanted", "Not wanted (preferences)"

    recipient = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=24, choices=Kind.choices)
    # What it is about and for which moment ("meeting:12:2026-09-01T10:00"): one row each.
    key = models.CharField(max_length=200)
    subject = models.CharField(max_length=200)
    body = models.TextField()
    link = models.CharField(max_length=300, blank=True, help_text="A path on the site.")
    about_id = models.BigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField()
    read_at = models.DateTimeField(null=True, blank=True)
    in_app = models.BooleanField(default=True)
    email = models.CharField(max_length=10, choices=Email.choices, default=Email.PENDING)
    emailed_at = models.DateTimeField(null=True, blank=True)
    # When the email is next tried; null once nothing is left to send.
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "key"], name="one_notification_each")
        ]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                name="notification_email_due",
                condition=models.Q(next_attempt_at__isnull=False),
            ),
            models.Index(
                fields=["recipient"],
                name="notification_unread",
                condition=models.Q(read_at__isnull=True, in_app=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.recipient}"


class Preference(models.Model):
    """A person's choice for one kind; without a row, both are on."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(max_length=24, choices=Kind.choices)
    email = models.BooleanField(default=True)
    in_app = models.BooleanField("in the app", default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "kind"], name="one_preference_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.kind}"


class DriftPolicy(models.Model):
    """When a pair behind its cadence is nudged: days behind before the mentee is reminded, then
    the mentor, then the pair is flagged to the program's coordinators. Without a row, the
    defaults below."""

    program = models.OneToOneField(Program, on_delete=models.CASCADE, related_name="drift_policy")
    mentee_after_days = models.PositiveSmallIntegerField(default=7)
    mentor_after_days = models.PositiveSmallIntegerField(default=21)
    coordinator_after_days = models.PositiveSmallIntegerField(default=42)
    goal_review_days = models.PositiveSmallIntegerField(
        default=30, help_text="Remind a pair with open goals to review them this often."
    )
    pulse_first_days = models.PositiveSmallIntegerField(
        default=30, help_text="Days after a match before the mentee's first pulse check."
    )
    pulse_every_days = models.PositiveSmallIntegerField(
        default=60, help_text="Days between pulse checks after the first."
    )

    class Meta:
        verbose_name_plural = "drift policies"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(mentor_after_days__gte=models.F("mentee_after_days"))
                & models.Q(coordinator_after_days__gte=models.F("mentor_after_days")),
                name="drift_steps_in_order",
            )
        ]

    def __str__(self) -> str:
        return f"Drift policy of {self.program}"


class DriftFlag(models.Model):
    """A pair flagged to its coordinators: behind cadence since its last contact (`since`)."""

    mentorship = models.ForeignKey(
        "mentorships.Mentorship", on_delete=models.CASCADE, related_name="drift_flags"
    )
    since = models.DateField()
    flagged_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["mentorship", "since"], name="one_flag_per_episode")
        ]

    def __str__(self) -> str:
        return f"{self.mentorship} flagged (quiet since {self.since})"


class Event(models.Model):
    """A training session or program event of a cohort, for its mentors, mentees or both
    (seed 002's 90-minute mentor training and boot camp; seed 001's feedback skills and bias
    awareness sessions are mentor trainings too)."""

    class Kind(models.TextChoices):
        MENTOR_TRAINING = "mentor_training", "Mentor training"
        MENTEE_TRAINING = "mentee_training", "Menteeship training"
        ORIENTATION = "orientation", "Orientation"
        BOOT_CAMP = "boot_camp", "Boot camp"
        WORKSHOP = "workshop", "Workshop"
        SEMINAR = "seminar", "Seminar"

    class Audience(models.TextChoices):
        MENTORS = "mentors", "Mentors"
        MENTEES = "mentees", "Mentees"
        BOTH = "both", "Mentors and mentees"

    cohort = models.ForeignKey(
        "programs.Cohort", on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(max_length=16, choices=Kind.choices)
    title = models.CharField(max_length=200)
    starts_at = models.DateTimeField()
    minutes = models.PositiveSmallIntegerField(default=90)
    place = models.CharField(max_length=200, blank=True)
    audience = models.CharField(max_length=8, choices=Audience.choices)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-starts_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.title} ({self.starts_at:%Y-%m-%d})"


class Invitee(models.Model):
    """A person invited to an event: their answer and whether they came."""

    class Reply(models.TextChoices):
        NONE = "", "Not answered"
        YES = "yes", "Coming"
        NO = "no", "Not coming"

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="invitees")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="event_invites")
    reply = models.CharField(max_length=3, choices=Reply.choices, blank=True, default="")
    replied_at = models.DateTimeField(null=True, blank=True)
    attended = models.BooleanField(default=False)
    marked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["event", "person__full_name"]
        constraints = [
            models.UniqueConstraint(fields=["event", "person"], name="invited_once_per_event")
        ]

    def __str__(self) -> str:
        return f"{self.person} at {self.event}"


LOW_RATING = 2  # a pulse rated this or lower (1 to 5) is low


class Pulse(models.Model):
    """A pulse check of a pair, asked of its mentee (`number` 1 a month after the match, then
    every two months by default): how the relationship goes (1 to 5) and whether they would
    like to talk to the program. Only the mentee answers; coordinators see whether it is low."""

    mentorship = models.ForeignKey(
        "mentorships.Mentorship", on_delete=models.CASCADE, related_name="pulses"
    )
    number = models.PositiveSmallIntegerField()
    due_on = models.DateField()
    asked_at = models.DateTimeField()
    answered_at = models.DateTimeField(null=True, blank=True)
    rating = models.PositiveSmallIntegerField(null=True, blank=True)
    wants_talk = models.BooleanField(null=True, blank=True)

    class Meta:
        ordering = ["mentorship", "number"]
        constraints = [
            models.UniqueConstraint(fields=["mentorship", "number"], name="one_pulse_each"),
            models.CheckConstraint(
                condition=models.Q(rating__isnull=True) | models.Q(rating__gte=1, rating__lte=5),
                name="pulse_rating_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return f"Pulse {self.number} of {self.mentorship}"

    @property
    def low(self) -> bool:
        """Answered, and rated 2 or lower or asking to talk to the program."""
        if self.answered_at is None:
            return False
        return bool(self.wants_talk) or (self.rating is not None and self.rating <= LOW_RATING)


class PlannedDay(models.Model):
    """A local day whose day-level reminders (agreements unsigned, plans due, monthly goal
    reviews, drift and escalation, pulse checks) the reminder step has planned: they change once
    a day, so the 5-minute step plans them at its first run of each day only
    (mentora.engagement.sources.plan_due)."""

    day = models.DateField(unique=True)
    planned_at = models.DateTimeField()

    class Meta:
        ordering = ["-day"]

    def __str__(self) -> str:
        return f"Day-level reminders planned for {self.day}"
