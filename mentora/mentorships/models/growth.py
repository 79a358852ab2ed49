"""What mentoring taught the mentor (seed 004), mapped to competency framework items."""

from __future__ import annotations

from django.db import models

from mentora.mentorships.models.goals import Competency
from mentora.people.models import Person
from mentora.programs.models import Cohort


class MentorGrowth(models.Model):
    """A mentor's short entry: on a date, what they learned, and the competencies it touched."""

    mentor = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="growth_entries")
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="growth_entries")
    on = models.DateField("date")
    text = models.TextField("what mentoring taught me")
    competencies = models.ManyToManyField(Competency, related_name="growth_entries")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-on", "-pk"]
        verbose_name_plural = "mentor growth entries"

    def __str__(self) -> str:
        return f"Growth entry by {self.mentor} on {self.on}"
