from __future__ import annotations

from datetime import date

from django.conf import settings
from django.contrib.auth.models import User
from django.db import models
from django.urls import reverse

from mentora.people.ladder import LABELS, Stage
from mentora.people.models import Person


class Program(models.Model):
    class Kind(models.TextChoices):
        PAIRS = "pairs", "Pairs (one mentor, one mentee)"
        TIERED = "tiered", "Tiered near-peer (one mentor from each tier)"
        TEAM = "team", "Team of mentors (one per role)"
        GROUP = "group", "Group (one mentor, several mentees)"

    name = models.CharField(max_length=200)
    slug = models.SlugField(unique=True)
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.PAIRS)
    description = models.TextField(blank=True)
    meetings_per_year_target = models.PositiveSmallIntegerField(
        default=4, help_text="Meetings a pair is expected to hold in a year."
    )
    duration_weeks = models.PositiveSmallIntegerField(default=52)
    mentor_min_stage_gap = models.SmallIntegerField(
        default=1, help_text="Rungs of the career ladder a mentor stands at least above a mentee."
    )
    mentor_max_stage_gap = models.SmallIntegerField(
        null=True, blank=True, help_text="At most this many rungs above; empty for no limit."
    )
    mentor_training_required = models.BooleanField(default=False)
    allows_self_selection = models.BooleanField(
        default=False, help_text="Mentees may request a mentor directly, who accepts or declines."
    )
    review_period_days = models.PositiveSmallIntegerField(
        default=180, help_text="How often a pair reviews progress (the Review step of MENTOR)."
    )
    coordinators: models.ManyToManyField[User, ProgramCoordinator] = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="coordinated_programs",
        through="ProgramCoordinator",
    )
    is_synthetic = models.BooleanField(default=False)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("program", args=[self.pk])


class ProgramCoordinator(models.Model):
    """A user's coordinator role in a program, until `expires_on` if set (people leave each July).

    From `expires_on` on the role grants nothing: `mentora.programs.access` reads live roles
    only, and the nightly schedule ends the sessions of those whose role ended
    (mentora.people.sessions). It is the table Django made for `Program.coordinators`.
    """

    id = models.AutoField(primary_key=True)
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="coordinator_roles")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="coordinator_roles"
    )
    expires_on = models.DateField(
        null=True, blank=True, help_text="From this day on the role grants nothing; empty: no end."
    )
    # Export rights in REDCap's tiers (mentora.surveys.interchange.tiers). Coordinators get
    # de-identified exports; "full" (identified free text) only when a site admin grants it.
    export_right = models.CharField(
        max_length=20,
        choices=[
            ("none", "None"),
            ("deidentified", "De-identified"),
            ("identifiers_removed", "Identifiers removed"),
            ("full", "Full data set"),
        ],
        default="deidentified",
        help_text="What this coordinator may export of survey answers; full only by a site admin.",
    )

    class Meta:
        db_table = "programs_program_coordinators"
        unique_together = [("program", "user")]
        verbose_name = "coordinator"

    def __str__(self) -> str:
        return f"{self.user} coordinates {self.program}"


def live_on(day: date, path: str = "") -> models.Q:
    """Roles (coordinators, enrolments) that still grant something on `day`; `path` leads from
    the rows filtered to the role's `expires_on`, e.g. "coordinator_roles__"."""
    return models.Q(**{f"{path}expires_on__isnull": True}) | models.Q(
        **{f"{path}expires_on__gt": day}
    )


class Track(models.Model):
    """A strand of a program: clinical skills, career advising, research..."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="tracks")
    name = models.CharField(max_length=120)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["program", "name"], name="unique_track_name")
        ]

    def __str__(self) -> str:
        return self.name


class Tier(models.Model):
    """A rung of mentors in a tiered program, e.g. interns (PGY1) and upper-level residents."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="tiers")
    name = models.CharField(max_length=80)
    min_stage = models.PositiveSmallIntegerField()
    max_stage = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["min_stage"]
        constraints = [models.UniqueConstraint(fields=["program", "name"], name="unique_tier_name")]

    def __str__(self) -> str:
        return self.name


class Cohort(models.Model):
    """One run of a program, e.g. academic year 2026-27."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="cohorts")
    name = models.CharField(max_length=120)
    academic_year = models.CharField(max_length=9, help_text="e.g. 2026-27")
    starts_on = models.DateField()
    ends_on = models.DateField()
    intake_open = models.BooleanField(
        default=False, help_text="Anyone with the link may enrol through the intake form."
    )
    previous = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="next"
    )

    class Meta:
        ordering = ["program", "-starts_on"]
        constraints = [
            models.UniqueConstraint(fields=["program", "academic_year"], name="one_cohort_a_year"),
            models.CheckConstraint(
                condition=models.Q(ends_on__gt=models.F("starts_on")),
                name="cohort_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.program.name} {self.academic_year}"

    def get_absolute_url(self) -> str:
        return reverse("cohort", args=[self.pk])


class Block(models.Model):
    """A rotation within a cohort (a twelve-week clerkship block): people enrolled in it start
    and end with it, and a match may run for it alone. Writes: mentora.programs.blocks."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="blocks")
    name = models.CharField(max_length=80)
    starts_on = models.DateField()
    ends_on = models.DateField()

    class Meta:
        ordering = ["cohort", "starts_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "name"], name="unique_block_name"),
            models.CheckConstraint(
                condition=models.Q(ends_on__gt=models.F("starts_on")),
                name="block_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.starts_on} to {self.ends_on})"

    def overlaps(self, other: Block) -> bool:
        return self.starts_on <= other.ends_on and other.starts_on <= self.ends_on


class Enrolment(models.Model):
    class Role(models.TextChoices):
        MENTEE = "mentee", "Mentee"
        MENTOR = "mentor", "Mentor"
        BOTH = "both", "Mentor and mentee"

    class Status(models.TextChoices):
        INVITED = "invited", "Invited"
        ACTIVE = "active", "Active"
        WITHDRAWN = "withdrawn", "Withdrawn"
        COMPLETED = "completed", "Completed"

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="enrolments")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="enrolments")
    role = models.CharField(max_length=8, choices=Role.choices)
    capacity = models.PositiveSmallIntegerField(
        default=0, help_text="Mentoring load: how many mentees this person can take."
    )
    tier = models.ForeignKey(Tier, null=True, blank=True, on_delete=models.SET_NULL)
    block = models.ForeignKey(
        Block,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="enrolments",
        help_text="The rotation this person is in; empty: the whole cohort.",
    )
    mentor_trained = models.BooleanField(default=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.INVITED)
    enrolled_on = models.DateField()
    withdrawn_on = models.DateField(null=True, blank=True)
    withdrawal_reason = models.CharField(max_length=200, blank=True)
    intake = models.JSONField(
        default=dict, blank=True, help_text="Answers to the program's intake questionnaire."
    )
    expires_on = models.DateField(
        null=True,
        blank=True,
        help_text="From this day on the enrolment grants nothing (a mentor leaving in July); "
        "empty: no end.",
    )
    career_stage = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="The stage the person held in this cohort, kept when the next academic year "
        "moves them up; empty while the cohort is the current one.",
    )

    class Meta:
        ordering = ["cohort", "person__full_name"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "person"], name="enrolled_once_per_cohort")
        ]

    def __str__(self) -> str:
        return f"{self.person} in {self.cohort} as {self.get_role_display()}"

    @property
    def stage_label(self) -> str:
        """The person's stage in this cohort: as it was then once the year is closed."""
        if self.career_stage is None:
            return self.person.stage_label
        return LABELS[Stage(self.career_stage)]

    @property
    def is_mentor(self) -> bool:
        return self.role in (self.Role.MENTOR, self.Role.BOTH)

    @property
    def is_mentee(self) -> bool:
        return self.role in (self.Role.MENTEE, self.Role.BOTH)


class PendingIntake(models.Model):
    """A self-enrolment for an email Mentora already knows, kept aside until the email's owner
    confirms it through the single-use link mailed to them (only a hash of its token is
    stored): until then nothing of theirs changes and no coordinator sees it."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    answers = models.JSONField()
    token_hash = models.CharField(max_length=64, unique=True)
    # The link's token is made from the nonce when its email is written (it waits in the outbox
    # while the mail server is down); blank for links made before, whose token was random.
    nonce = models.CharField(max_length=43, blank=True)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Pending enrolment of {self.person} in {self.cohort}"


class MentorOffer(models.Model):
    """The mentor role offered, at the start of a new academic year, to a mentee of the closed
    cohort whose new stage now qualifies them to mentor in the program (mentora.programs.
    mentor_offers). Accepting enrols them as a mentor of the new cohort; their enrolments and
    pairs as a mentee stay as they were."""

    class Answer(models.TextChoices):
        OPEN = "", "Not answered yet"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="mentor_offers")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="mentor_offers")
    tier = models.ForeignKey(Tier, null=True, blank=True, on_delete=models.SET_NULL)
    offered_on = models.DateField()
    answer = models.CharField(max_length=8, choices=Answer.choices, blank=True, default="")
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["cohort", "person__full_name"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "person"], name="one_mentor_offer_each")
        ]

    def __str__(self) -> str:
        return f"Mentor role in {self.cohort} offered to {self.person}"
