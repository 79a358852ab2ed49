"""Individual development plans (seed 002): one per mentee per cohort, from a program template,
drafted by the mentee, shared with their mentors, reviewed with comments and a sign-off."""

from __future__ import annotations

from django.db import models
from django.urls import reverse

from mentora.people.models import Person
from mentora.programs.models import Cohort, Program


class PlanTemplate(models.Model):
    class Kind(models.TextChoices):
        FULL = "full", "Full development plan"
        LUNCH = "lunch", "Over-lunch plan (streamlined)"

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="plan_templates")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    name = models.CharField(max_length=120)
    # [[key, label], ...] in order; a plan's answers are keyed the same way.
    sections = models.JSONField()

    class Meta:
        ordering = ["program", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["program", "kind"], name="one_template_per_kind")
        ]

    def __str__(self) -> str:
        return self.name


class DevelopmentPlan(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SHARED = "shared", "Shared with my mentors"
        REVIEWED = "reviewed", "Reviewed"

    mentee = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="plans")
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="plans")
    template = models.ForeignKey(PlanTemplate, on_delete=models.PROTECT, related_name="plans")
    answers = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    shared_with_coordinators = models.BooleanField(
        default=False, help_text="Let the program's coordinators read this plan."
    )
    shared_at = models.DateTimeField(null=True, blank=True)
    mentor_comments = models.TextField(blank=True)
    reviewed_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["cohort", "mentee__full_name"]
        constraints = [
            models.UniqueConstraint(fields=["mentee", "cohort"], name="one_plan_per_cycle")
        ]

    def __str__(self) -> str:
        return f"Development plan of {self.mentee} ({self.cohort.academic_year})"

    def get_absolute_url(self) -> str:
        return reverse("plan", args=[self.pk])

    def filled_sections(self) -> list[tuple[str, str, str]]:
        """(key, label, answer) in the template's order."""
        return [(key, label, self.answers.get(key, "")) for key, label in self.template.sections]
