from __future__ import annotations

from django.db import models
from django.urls import reverse

from mentora.people.models import Person
from mentora.programs.mentorship_roles import MentorshipRole
from mentora.programs.models import Cohort

__all__ = ["DeclineReason", "Mentorship", "MentorshipRole", "RematchRequest", "StatusChange"]


class DeclineReason(models.TextChoices):
    """Why a mentee turns down an assigned mentor (seed 002's Table 4, seed 003)."""

    NOT_ACTIVE = "not_active", "Not an active mentor to me"
    NO_CONTACT = "no_contact", "No contact"
    INTERESTS = "interests", "Our interests do not match"
    TIME = "time", "Time"
    OTHER = "other", "Other"


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
    declined_on = models.DateField(null=True, blank=True)
    decline_reason = models.CharField(
        max_length=16, choices=DeclineReason.choices, blank=True
    )
    decline_note = models.CharField(max_length=300, blank=True)

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

    @property
    def is_live(self) -> bool:
        return self.status in (self.Status.ACTIVE, self.Status.PROPOSED)


class StatusChange(models.Model):
    """History of a relationship: every decline, end or reactivation, by whom and why."""

    mentorship = models.ForeignKey(
        Mentorship, on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField(max_length=10, choices=Mentorship.Status.choices)
    to_status = models.CharField(max_length=10, choices=Mentorship.Status.choices)
    reason = models.CharField(max_length=300, blank=True)
    by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL)
    at = models.DateTimeField()

    class Meta:
        ordering = ["at"]

    def __str__(self) -> str:
        return f"{self.mentorship}: {self.from_status} to {self.to_status}"


class RematchRequest(models.Model):
    """A mentee needs another mentor for a role; the matching workflow picks these up."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="rematch_requests")
    mentee = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="rematch_requests")
    role = models.CharField(max_length=16, choices=MentorshipRole.choices)
    tier = models.CharField(max_length=80, blank=True)
    declined = models.ForeignKey(
        Mentorship, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.CharField(max_length=16, choices=DeclineReason.choices, blank=True)
    created_at = models.DateTimeField()
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            # Two clicks on "decline" (or two declines of the same role) make one open request.
            models.UniqueConstraint(
                fields=["cohort", "mentee", "role", "tier"],
                condition=models.Q(resolved_at__isnull=True),
                name="one_open_rematch_per_role",
            )
        ]

    def __str__(self) -> str:
        return f"Re-match {self.mentee} ({self.get_role_display()})"
