"""The match workflow: what people ask for, the program's weights, and the coordinator's runs."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse

from mentora.matching.engine import Pair
from mentora.matching.snapshot import (
    RunSummary,
    StoredResult,
    pairs_from_json,
    people_from_json,
    result_from_json,
    summary_from_json,
)
from mentora.people.models import Person
from mentora.programs.mentorship_roles import MentorshipRole
from mentora.programs.models import Block, Cohort, Enrolment, Program


class MatchPreference(models.Model):
    """What a participant asks of the match. Affinity counts only where the mentee asked."""

    enrolment = models.OneToOneField(
        Enrolment, on_delete=models.CASCADE, related_name="match_preference"
    )
    same_gender = models.BooleanField("a mentor of my gender", default=False)
    same_background = models.BooleanField(
        "a mentor of my racial or ethnic background", default=False
    )
    roles_needed = models.JSONField(
        default=list, blank=True, help_text="Team programs: the mentor roles this mentee needs."
    )
    team_role = models.CharField(
        max_length=16,
        choices=MentorshipRole.choices,
        blank=True,
        help_text="Team programs: the role this mentor fills (career when empty).",
    )

    def __str__(self) -> str:
        return f"Match preferences of {self.enrolment}"


class MatchSettings(models.Model):
    """A program's scoring weights (the engine's defaults where absent) and its equity guard."""

    program = models.OneToOneField(
        Program, on_delete=models.CASCADE, related_name="match_settings"
    )
    weights = models.JSONField(
        default=dict, blank=True, help_text="Points per score component; empty keeps defaults."
    )
    equity_required = models.BooleanField(
        default=False,
        help_text="Mentees underrepresented in medicine must be matched as often and as well.",
    )
    max_team_size = models.PositiveSmallIntegerField(null=True, blank=True)
    # Every edit of the weights checks and bumps the version its page showed (do_set_weights),
    # so that of two coordinators editing at once the second is told, and no change is lost.
    version = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "match settings"

    def __str__(self) -> str:
        return f"Match settings of {self.program}"


class MatchRequest(models.Model):
    """A mentee asking for a mentor (or a mentor for a mentee), in order of preference.

    In self-select programs a mentee's request is a proposal the mentor accepts or declines."""

    class Side(models.TextChoices):
        MENTEE = "mentee", "Mentee asked"
        MENTOR = "mentor", "Mentor asked"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"
        LAPSED = "lapsed", "Lapsed"
        WITHDRAWN = "withdrawn", "Withdrawn"

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="match_requests")
    mentee = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    mentor = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    side = models.CharField(max_length=8, choices=Side.choices)
    rank = models.PositiveSmallIntegerField(default=1, help_text="1 is the first choice.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    reason = models.CharField("reason for declining", max_length=300, blank=True)
    created_at = models.DateTimeField()
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["cohort", "side", "rank", "created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "mentee", "mentor", "side"],
                condition=models.Q(status="open"),
                name="one_open_request_per_pair",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_side_display()}: {self.mentee} with {self.mentor}"


class MatchRun(models.Model):
    """One solve of a cohort: its inputs and settings (a snapshot), adjustments and result."""

    class Mode(models.TextChoices):
        WELFARE = "welfare", "Best total score (welfare)"
        STABLE = "stable", "Stable (no pair would rather swap)"
        PARTICIPATION = "participation", "Participation first, then best score"

    class Status(models.TextChoices):
        RUNNING = "running", "Running"
        DONE = "done", "Ready to review"
        FAILED = "failed", "Failed"
        PUBLISHED = "published", "Published"

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="match_runs")
    number = models.PositiveIntegerField(help_text="1, 2, 3... within the cohort.")
    block = models.ForeignKey(
        Block, null=True, blank=True, on_delete=models.SET_NULL, related_name="match_runs",
        help_text="The rotation block matched; empty: the whole cohort.",
    )
    mode = models.CharField(max_length=16, choices=Mode.choices, default=Mode.WELFARE)
    structure = models.CharField(max_length=8, default="pairs")
    break_current = models.BooleanField(
        "may break current pairs", default=False, help_text="Otherwise active pairs are kept."
    )
    based_on = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="reruns"
    )
    is_rematch = models.BooleanField(default=False)
    # Adjustments for the next run: [[mentee_id, mentor_id], ...] of Person ids.
    pins = models.JSONField(default=list, blank=True)
    forbids = models.JSONField(default=list, blank=True)
    version = models.PositiveIntegerField(default=1)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.RUNNING)
    progress = models.JSONField(default=list, blank=True, help_text="Phases the solver reported.")
    snapshot = models.JSONField(default=dict, help_text="The engine's inputs and settings.")
    result = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["cohort", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "number"], name="one_run_number_per_cohort")
        ]

    def __str__(self) -> str:
        return f"Run {self.number} of {self.cohort}"

    def get_absolute_url(self) -> str:
        return reverse("match_run", args=[self.pk])

    @property
    def pairs(self) -> list[Pair]:
        """The proposed pairs, as the engine made them (Person ids as strings)."""
        return pairs_from_json(self.result)

    @property
    def summary(self) -> RunSummary:
        return summary_from_json(self.result)

    def stored_result(self) -> StoredResult | None:
        """The engine's result and re-match changes; None while running or once failed."""
        return result_from_json(self.result)

    @property
    def can_publish(self) -> bool:
        return self.status == self.Status.DONE

    def person_ids(self, side: str) -> list[int]:
        """The people of one side ("mentees" or "mentors") this run was solved for."""
        people = people_from_json(self.snapshot)
        return list(people.mentees if side == "mentees" else people.mentors)
