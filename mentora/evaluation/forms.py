from __future__ import annotations

from typing import Any

from django import forms

from mentora.core.forms import SafeForm, UploadField
from mentora.evaluation.models import ScholarlyKind
from mentora.people.models import Person
from mentora.programs.models import Cohort


class ReportOptionsForm(SafeForm):
    """Read from the query string; validated again by parse_options, which names bad fields."""

    period1 = forms.CharField(label="Time 1 (years)", help_text="e.g. 2011-2013", max_length=9)
    period2 = forms.CharField(label="Time 2 (years)", help_text="e.g. 2014-2016", max_length=9)
    min_meetings = forms.IntegerField(
        label="Meetings that count as engaged", min_value=1, max_value=52
    )
    p = forms.ChoiceField(
        label="P values",
        choices=[("ama", "AMA style"), ("three", "Three digits (as seed 002 prints them)")],
    )
    publication = forms.BooleanField(
        label="For publication (hide groups smaller than the publication threshold)",
        required=False,
    )


def _mentees(cohort: Cohort) -> forms.ModelChoiceField[Person]:
    return forms.ModelChoiceField(
        label="Person",
        queryset=Person.objects.filter(enrolments__cohort=cohort).order_by("full_name"),
    )


class EntryForm(SafeForm):
    kind = forms.ChoiceField(label="Kind", choices=ScholarlyKind.choices)
    year = forms.IntegerField(label="Year", min_value=1900, max_value=2100)
    title = forms.CharField(label="Title", max_length=500)
    venue = forms.CharField(label="Journal, meeting or funder", max_length=300, required=False)

    def __init__(self, *args: Any, cohort: Cohort, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields = {"person": _mentees(cohort), **self.fields}


class EntriesFileForm(SafeForm):
    entries = UploadField(
        label="Entries spreadsheet (Excel .xlsx or CSV)",
        help_text="Columns: email, kind (publication, presentation or grant), year, title; "
        "optionally venue.",
    )


class BibliographyForm(SafeForm):
    export = UploadField(
        label="PubMed (.nbib), BibTeX (.bib) or RIS (.ris) export",
        help_text="Every entry in the file is counted for the person chosen.",
    )
    other_as = forms.ChoiceField(
        label="Entries whose kind the file does not tell",
        choices=[("", "Leave out"), *ScholarlyKind.choices],
        required=False,
    )

    def __init__(self, *args: Any, cohort: Cohort, **kwargs: Any) -> None:
        # Beside the entry form, which has a person too: its own ids.
        kwargs.setdefault("auto_id", "bibliography_%s")
        super().__init__(*args, **kwargs)
        self.fields = {"person": _mentees(cohort), **self.fields}
