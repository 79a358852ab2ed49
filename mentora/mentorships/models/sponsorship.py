"""Sponsorship acts (issue 17, seed 003): what someone did with their own standing to move a
person's career (a nomination, an introduction, a letter), recorded apart from mentoring
meetings. The sponsor records what they gave, a coordinator what they did for someone in their
program, and the person sponsored what they received (from a known person or a name typed)."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db import models

from mentora.people.models import Person
from mentora.programs.models import Cohort


class SponsorshipKind(models.TextChoices):
    AWARD = "award", "Nominated for an award"
    COMMITTEE = "committee", "Nominated for a committee"
    SPEAKING = "speaking", "Put forward for a speaking invitation"
    POSITION = "position", "Nominated for a position"
    INTRODUCTION = "introduction", "Introduced to a contact"
    LETTER = "letter", "Wrote a letter of support"
    OTHER = "other", "Other"


class SponsorshipAct(models.Model):
    class RecordedBy(models.TextChoices):
        SPONSOR = "sponsor", "The sponsor"
        COORDINATOR = "coordinator", "A coordinator"
        RECIPIENT = "recipient", "The person sponsored"

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="sponsorship_acts")
    sponsored = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="sponsorship_received"
    )
    # A known person, or (a sponsor from outside Mentora, a coordinator with no person) a name.
    sponsor = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="sponsorship_given"
    )
    sponsor_name = models.CharField("sponsor's name", max_length=200, blank=True)
    kind = models.CharField(max_length=16, choices=SponsorshipKind.choices)
    on = models.DateField("date")
    what = models.CharField("what for", max_length=300, blank=True)
    recorded_as = models.CharField(max_length=12, choices=RecordedBy.choices)
    recorded_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()
    # The other side's record of the same act (the sponsor's, or the person sponsored's): it
    # confirms this one rather than being a second act, so every count reads one row per act.
    confirmed_as = models.CharField(max_length=12, choices=RecordedBy.choices, blank=True)
    confirmed_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(sponsor=models.F("sponsored")), name="no_self_sponsorship"
            )
        ]

    def __str__(self) -> str:
        return f"Sponsorship of {self.sponsored} ({self.get_kind_display()}) on {self.on}"

    @property
    def sponsor_label(self) -> str:
        return self.sponsor.full_name if self.sponsor is not None else self.sponsor_name

    def _side_label(self, side: str) -> str:
        return self.sponsored.full_name if side == self.RecordedBy.RECIPIENT else self.sponsor_label

    @property
    def recorder_label(self) -> str:
        """Who recorded it: the person sponsored, or the sponsor (a person, or a name)."""
        return self._side_label(self.recorded_as)

    @property
    def confirmer_label(self) -> str:
        """Who confirmed it from the other side; empty while nobody has."""
        return self._side_label(self.confirmed_as) if self.confirmed_as else ""
