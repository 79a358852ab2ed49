"""Scholarly output per person (seed 002, Table 3): the only records the evaluation keeps.

Everything else in a report is computed from what the other parts record (enrolments,
mentorships, meetings, plans, survey answers), so the figures are never entered twice.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from mentora.people.models import Person
from mentora.programs.models import Cohort


class ScholarlyKind(models.TextChoices):
    PUBLICATION = "publication", "Peer-reviewed publication"
    PRESENTATION = "presentation", "National presentation"
    GRANT = "grant", "Grant (principal or co-investigator)"


class ScholarlyEntry(models.Model):
    class Source(models.TextChoices):
        MANUAL = "manual", "Added by hand"
        CSV = "csv", "Spreadsheet (CSV)"
        MEDLINE = "medline", "PubMed (MEDLINE)"
        BIBTEX = "bibtex", "BibTeX"
        RIS = "ris", "RIS"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="scholarly_entries")
    kind = models.CharField(max_length=16, choices=ScholarlyKind.choices)
    year = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=500)
    venue = models.CharField("journal, meeting or funder", max_length=300, blank=True)
    identifier = models.CharField("PMID, DOI or key", max_length=120, blank=True)
    source = models.CharField(max_length=8, choices=Source.choices, default=Source.MANUAL)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["person__full_name", "-year", "kind", "title"]
        verbose_name_plural = "scholarly entries"
        indexes = [models.Index(fields=["person", "year"])]

    def __str__(self) -> str:
        return f"{self.title} ({self.year})"

    def same_work(self) -> tuple[int, str, int, str]:
        """What makes two entries the same work, so a second import of a file adds nothing."""
        return (self.person_id, self.kind, self.year, " ".join(self.title.lower().split()))


class StoredReport(models.Model):
    """A large cohort's report for one set of options, computed by a job and kept until the
    cohort's data change (see mentora.evaluation.stored)."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=64, help_text="The options, hashed (see stored.py).")
    options = models.JSONField(help_text="The options the job computes with.")
    version = models.CharField(
        max_length=64, blank=True, help_text="Data version the stored result was computed from."
    )
    result = models.BinaryField(null=True, blank=True, editable=False)
    computed_at = models.DateTimeField(null=True, blank=True)
    seconds = models.FloatField(null=True, blank=True, help_text="How long the job took.")
    job = models.ForeignKey(
        "jobs.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text="The last job asked to compute it.",
    )
    asked_version = models.CharField(
        max_length=64, blank=True, help_text="Data version when that job was asked for."
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["cohort", "key"], name="one_stored_report_per_key")
        ]

    def __str__(self) -> str:
        return f"Stored report of cohort {self.cohort_id} ({self.key[:8]})"


class MeetingsStamp(models.Model):
    """Changes whenever a meeting of the cohort's pairs is saved, deleted or relinked, or its
    topics change: the meetings' part of a stored report's data version (see stored.py)."""

    cohort = models.OneToOneField(
        Cohort, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    stamp = models.CharField(max_length=32)

    def __str__(self) -> str:
        return f"Meetings of cohort {self.cohort_id}: {self.stamp}"


class DemographicsStamp(models.Model):
    """Changes whenever the demographics of a person enrolled in the cohort are saved or
    deleted: the demographics' part of a stored report's data version (see stored.py)."""

    cohort = models.OneToOneField(
        Cohort, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    stamp = models.CharField(max_length=32)

    def __str__(self) -> str:
        return f"Demographics of cohort {self.cohort_id}: {self.stamp}"
