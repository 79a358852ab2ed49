"""The written agreement of seed 001's Expectations step: drafted from the program's template,
edited by the pair, signed by both. Every version is kept; an edit after a signature clears
both signatures."""

from __future__ import annotations

from typing import Any, cast

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from mentora.engagement.cadence import PERIOD_WORDS, cadence_words
from mentora.mentorships.models.mentorship import Mentorship
from mentora.people.models import Person
from mentora.programs.models import Program

SECTION_FIELDS = (
    "goals_summary",
    "meeting_frequency",
    "scope",
    "confidentiality",
    "boundaries",
    "channels",
)
# The cadence the pair agrees, as numbers (meetings per period): versioned and signed with the
# text; "how often we meet" stays beside it as a note. Empty: the program's yearly target.
CADENCE_FIELDS = ("cadence_meetings", "cadence_period_days")


class CadencePeriod(models.IntegerChoices):
    WEEK = 7, PERIOD_WORDS[7]
    FORTNIGHT = 14, PERIOD_WORDS[14]
    MONTH = 30, PERIOD_WORDS[30]
    TERM = 91, PERIOD_WORDS[91]


class AgreementSections(models.Model):
    goals_summary = models.TextField("goals for this year", blank=True)
    meeting_frequency = models.TextField("how often we meet", blank=True)
    scope = models.TextField("scope", blank=True)
    confidentiality = models.TextField(blank=True)
    boundaries = models.TextField(blank=True)
    channels = models.TextField("preferred channels", blank=True)
    cadence_meetings = models.PositiveSmallIntegerField(
        "we meet (times)",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(31)],
        help_text="How many meetings per period; empty for the program's target.",
    )
    cadence_period_days = models.PositiveSmallIntegerField(
        "per", choices=CadencePeriod.choices, null=True, blank=True
    )

    class Meta:
        abstract = True

    def sections(self) -> dict[str, Any]:
        """Everything a version keeps: the texts and the agreed cadence."""
        return {name: getattr(self, name) for name in (*SECTION_FIELDS, *CADENCE_FIELDS)}

    def cadence_text(self) -> str:
        """The agreed cadence in words ("2 times a month"); "" when none is set."""
        if not (self.cadence_meetings and self.cadence_period_days):
            return ""
        return cadence_words(self.cadence_meetings, self.cadence_period_days)

    def labelled_sections(self) -> list[tuple[str, str]]:
        return [
            (str(_field(self, name).verbose_name).capitalize(), getattr(self, name))
            for name in SECTION_FIELDS
        ]

    def labelled_sections_by_name(self) -> list[tuple[str, str]]:
        """(field name, its label in lower case) of each section, in order."""
        return [(name, str(_field(self, name).verbose_name)) for name in SECTION_FIELDS]


def _field(sections: AgreementSections, name: str) -> models.Field[Any, Any]:
    # The sections are plain text columns, never a relation.
    return cast("models.Field[Any, Any]", sections._meta.get_field(name))


class AgreementTemplate(AgreementSections):
    """A program's starting text for its pairs' agreements."""

    program = models.OneToOneField(
        Program, on_delete=models.CASCADE, related_name="agreement_template"
    )

    def __str__(self) -> str:
        return f"Agreement template of {self.program}"


class Agreement(AgreementSections):
    mentorship = models.OneToOneField(
        Mentorship, on_delete=models.CASCADE, related_name="agreement"
    )
    version = models.PositiveSmallIntegerField(default=1)
    mentor_signed_at = models.DateTimeField(null=True, blank=True)
    mentee_signed_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"Agreement of {self.mentorship} (version {self.version})"

    @property
    def signed_by_both(self) -> bool:
        return self.mentor_signed_at is not None and self.mentee_signed_at is not None


class AgreementVersion(AgreementSections):
    """One version as written; its signatures are those it received while it was current."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField()
    edited_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    edited_at = models.DateTimeField()
    mentor_signed_at = models.DateTimeField(null=True, blank=True)
    mentee_signed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["agreement", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "number"], name="unique_version")
        ]

    def __str__(self) -> str:
        return f"Version {self.number}"
