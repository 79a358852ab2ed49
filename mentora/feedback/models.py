"""A mini-CEX observation and a procedure log entry, each inside one mentoring relationship."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse

from mentora.feedback.pure.minicex import DOMAINS, HIGHEST, LOWEST, band
from mentora.mentorships.models import Goal, Mentorship
from mentora.people.models import Person

RATING = [MinValueValidator(LOWEST), MaxValueValidator(HIGHEST)]


def _rating(label: str) -> models.PositiveSmallIntegerField[int | None, int | None]:
    return models.PositiveSmallIntegerField(label, null=True, blank=True, validators=RATING)


class MiniCex(models.Model):
    """One directly observed encounter, rated by the learner's mentor, acknowledged by the
    learner."""

    class Setting(models.TextChoices):
        INPATIENT = "inpatient", "Inpatient"
        OUTPATIENT = "outpatient", "Outpatient"
        EMERGENCY = "emergency", "Emergency department"
        CRITICAL = "critical", "Critical care"
        OTHER = "other", "Other"

    class Complexity(models.TextChoices):
        LOW = "low", "Low"
        MODERATE = "moderate", "Moderate"
        HIGH = "high", "High"

    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="+")
    observer = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    learner = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    observed_on = models.DateField()
    setting = models.CharField(max_length=12, choices=Setting.choices)
    patient_problem = models.CharField(max_length=200)
    complexity = models.CharField(max_length=10, choices=Complexity.choices)
    minutes_observing = models.PositiveSmallIntegerField()
    minutes_feedback = models.PositiveSmallIntegerField("minutes giving feedback")
    interviewing = _rating("Medical interviewing")
    examination = _rating("Physical examination")
    professionalism = _rating("Humanistic qualities and professionalism")
    judgment = _rating("Clinical judgment")
    counseling = _rating("Counseling")
    organization = _rating("Organization and efficiency")
    overall = _rating("Overall clinical competence")
    strengths = models.TextField(blank=True)
    next_step = models.TextField("one next step")
    created_at = models.DateTimeField()
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    reflection = models.TextField("learner's reflection", blank=True)

    class Meta:
        ordering = ["-observed_on", "-pk"]
        verbose_name = "mini-CEX"

    def __str__(self) -> str:
        return f"mini-CEX of {self.observed_on}: {self.patient_problem}"

    def get_absolute_url(self) -> str:
        return reverse("mini_cex", args=[self.pk])

    def ratings(self) -> list[tuple[str, int | None, str]]:
        """(domain, rating, band) for the seven domains, in the form's order."""
        rated = [(label, getattr(self, code)) for code, label in DOMAINS]
        return [(label, value, band(value)) for label, value in rated]


class ProcedureEntry(models.Model):
    """A procedure the learner logged; it counts once the supervisor (the mentor) confirms."""

    class Level(models.TextChoices):
        OBSERVED = "observed", "Observed"
        ASSISTED = "assisted", "Assisted"
        SUPERVISED = "supervised", "Performed under supervision"
        INDEPENDENT = "independent", "Performed independently"

    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="+")
    learner = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    supervisor = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    procedure = models.CharField(max_length=120, help_text="Stored normalised (lower case).")
    performed_on = models.DateField()
    level = models.CharField(max_length=12, choices=Level.choices)
    goal = models.ForeignKey(
        Goal, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text="The goal this counts toward once confirmed.",
    )
    note = models.CharField(max_length=300, blank=True)
    logged_at = models.DateTimeField()
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-performed_on", "-pk"]
        verbose_name_plural = "procedure entries"

    def __str__(self) -> str:
        return f"{self.procedure} on {self.performed_on} ({self.get_level_display()})"


# What a program decides about its feedback (formative only, assessors, competency mapping).
from mentora.feedback.program_models import (  # noqa: E402
    DomainCompetency,
    FeedbackPolicy,
    ProcedureCompetency,
    ReflectionCompetency,
    SummativeAssessor,
)

__all__ = [
    "DomainCompetency",
    "FeedbackPolicy",
    "MiniCex",
    "ProcedureCompetency",
    "ProcedureEntry",
    "ReflectionCompetency",
    "SummativeAssessor",
]
