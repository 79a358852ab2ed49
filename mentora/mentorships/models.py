from __future__ import annotations

from django.db import models
from django.urls import reverse

from mentora.people.models import Person
from mentora.programs.models import Cohort


class MentorshipRole(models.TextChoices):
    CAREER = "career", "Career"
    RESEARCH = "research", "Research"
    CLINICAL = "clinical", "Clinical skills"
    SPONSOR = "sponsor", "Sponsor"
    NEAR_PEER = "near_peer", "Near-peer"


class Mentorship(models.Model):
    class Source(models.TextChoices):
        MATCHED = "matched", "Matched"
        SELF_SELECTED = "self_selected", "Self-selected"
        PRE_EXISTING = "pre_existing", "Pre-existing"

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Proposed"
        ACTIVE = "active", "Active"
        DECLINED = "declined", "Declined"
        ENDED = "ended", "Ended"

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="mentorships")
    mentor = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="mentorships_as_mentor"
    )
    mentee = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="mentorships_as_mentee"
    )
    role = models.CharField(
        max_length=16, choices=MentorshipRole.choices, default=MentorshipRole.CAREER
    )
    tier = models.CharField(
        max_length=80, blank=True, help_text="The mentor's tier, in tiered programs."
    )
    source = models.CharField(max_length=16, choices=Source.choices, default=Source.MATCHED)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PROPOSED)
    started_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)
    end_reason = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["cohort", "mentee__full_name", "role"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(mentor=models.F("mentee")), name="no_self_mentoring"
            )
        ]

    def __str__(self) -> str:
        return f"{self.mentor} mentors {self.mentee} ({self.get_role_display()})"

    def get_absolute_url(self) -> str:
        return reverse("mentorship", args=[self.pk])
