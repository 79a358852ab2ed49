"""What a learner chose to put in their portfolio."""

from __future__ import annotations

from django.db import models

from mentora.feedback.models import MiniCex
from mentora.mentorships.models import Goal, Reflection
from mentora.people.models import Person


class PortfolioChoice(models.Model):
    """The learner's choice: achieved goals go in unless left out (a goal achieved after the
    choice goes in too); observations and meeting reflections only when chosen."""

    learner = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="+")
    left_out_goals = models.ManyToManyField(Goal, blank=True, related_name="+")
    observations = models.ManyToManyField(MiniCex, blank=True, related_name="+")
    reflections = models.ManyToManyField(Reflection, blank=True, related_name="+")
    chosen_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"Portfolio choice of {self.learner}"
