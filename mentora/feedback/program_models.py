"""What a program decides about its feedback (issue 14, items 3 and 8), kept as data:

- whether its feedback is formative only (never shown to evaluators, never in a summative
  export), and who its summative assessors are (a designation per program, not the evaluator
  role, who analyses de-identified data);
- which competency items a mini-CEX domain and a procedure are evidence of: a row per program,
  domain (or procedure) and item of any framework the program uses; nothing counts by name;
- and, the learner's own, which items a reflection of theirs is evidence of.

Imported by mentora.feedback.models, so Django finds these models with the app's others.
"""

from __future__ import annotations

from django.db import models

from mentora.feedback.pure.minicex import DOMAINS
from mentora.mentorships.models import Competency, Reflection
from mentora.people.models import Person
from mentora.programs.models import Program


class FeedbackPolicy(models.Model):
    """A program's feedback policy; a program without one is not formative only."""

    program = models.OneToOneField(Program, on_delete=models.CASCADE, related_name="+")
    formative_only = models.BooleanField(
        default=False,
        help_text="Observations stay between the learner and the observer: never shown to "
                  "evaluators, never in a summative export.",
    )
    updated_at = models.DateTimeField()

    class Meta:
        verbose_name_plural = "feedback policies"

    def __str__(self) -> str:
        return f"Feedback policy of program {self.program_id}"


class SummativeAssessor(models.Model):
    """A person the program names as a summative assessor of its learners. An observation
    they enter of a learner in the program is flagged (formative and summative roles mixed)."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    named_at = models.DateTimeField()

    class Meta:
        ordering = ["person__full_name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["program", "person"], name="one_assessor_naming")
        ]

    def __str__(self) -> str:
        return f"Summative assessor {self.person_id} of program {self.program_id}"


class DomainCompetency(models.Model):
    """In a program, a mini-CEX domain is evidence of a competency item."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="+")
    domain = models.CharField(max_length=20, choices=DOMAINS)
    competency = models.ForeignKey(Competency, on_delete=models.CASCADE, related_name="+")

    class Meta:
        ordering = ["competency__framework__position", "competency__position", "domain"]
        constraints = [
            models.UniqueConstraint(fields=["program", "domain", "competency"],
                                    name="one_domain_mapping")
        ]

    def __str__(self) -> str:
        return f"{self.domain} -> competency {self.competency_id}"


class ProcedureCompetency(models.Model):
    """In a program, a procedure (its normalised name) is evidence of a competency item."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="+")
    procedure = models.CharField(max_length=120, help_text="Stored normalised (lower case).")
    competency = models.ForeignKey(Competency, on_delete=models.CASCADE, related_name="+")

    class Meta:
        ordering = ["procedure", "competency__framework__position", "competency__position"]
        constraints = [
            models.UniqueConstraint(fields=["program", "procedure", "competency"],
                                    name="one_procedure_tag")
        ]

    def __str__(self) -> str:
        return f"{self.procedure} -> competency {self.competency_id}"


class ReflectionCompetency(models.Model):
    """The learner tags a reflection of theirs (after a meeting) with a competency item."""

    reflection = models.ForeignKey(Reflection, on_delete=models.CASCADE, related_name="+")
    competency = models.ForeignKey(Competency, on_delete=models.CASCADE, related_name="+")
    tagged_at = models.DateTimeField()

    class Meta:
        ordering = ["reflection__meeting__on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["reflection", "competency"], name="one_reflection_tag")
        ]

    def __str__(self) -> str:
        return f"reflection {self.reflection_id} -> competency {self.competency_id}"
