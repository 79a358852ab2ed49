from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import QuerySet

from mentora.core.forms import SafeForm, UploadField
from mentora.surveys.models import Instrument, Wave


class WaveForm(SafeForm):
    instrument = forms.ModelChoiceField(queryset=Instrument.objects.none())
    label = forms.CharField(max_length=120, help_text="e.g. Baseline 2026")
    time_point = forms.ChoiceField(choices=Wave.TimePoint.choices)
    opens_on = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    closes_on = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    anonymous = forms.BooleanField(
        required=False,
        help_text="Anonymous answers are never linked to the person; they cannot be paired "
        "with another wave.",
    )

    def __init__(
        self, *args: Any, instruments: QuerySet[Instrument] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        choice = cast("forms.ModelChoiceField[Instrument]", self.fields["instrument"])
        choice.queryset = instruments

    def clean(self) -> dict[str, Any]:
        return _closes_after_it_opens(self, super().clean() or {})


def _closes_after_it_opens(form: forms.Form, data: dict[str, Any]) -> dict[str, Any]:
    if data.get("opens_on") and data.get("closes_on") and data["closes_on"] < data["opens_on"]:
        form.add_error("closes_on", "The wave must close on or after the day it opens.")
    return data


class ScheduleForm(SafeForm):
    """When a wave is open and how it reminds; to close a wave early, move its closing day."""

    opens_on = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    closes_on = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    reminder_every_days = forms.IntegerField(label="Remind every (days)", min_value=1, max_value=90)
    max_reminders = forms.IntegerField(
        label="Reminders at most", min_value=0, max_value=10, help_text="0: no reminders."
    )

    def clean(self) -> dict[str, Any]:
        return _closes_after_it_opens(self, super().clean() or {})


class InviteForm(SafeForm):
    role = forms.ChoiceField(
        choices=[("mentee", "Mentees"), ("mentor", "Mentors"), ("all", "Everyone enrolled")],
        widget=forms.RadioSelect,
        initial="mentee",
    )


class RedcapImportForm(SafeForm):
    dictionary = UploadField(label="Data dictionary (CSV)")
    records = UploadField(label="Records, raw data export (CSV)")
    events = UploadField(label="Events (CSV, longitudinal projects only)", required=False)
    name = forms.SlugField(
        label="Instrument name", max_length=60, help_text="Lower-case, e.g. pre_post_2026"
    )
    dry_run = forms.BooleanField(label="Only check the files, import nothing", required=False)


class QualtricsImportForm(SafeForm):
    export = UploadField(label="Qualtrics export (CSV)")
    label = forms.CharField(label="Wave label", max_length=120)
    name = forms.SlugField(label="Instrument name", max_length=60)
    identifiers = forms.ChoiceField(
        label="Identifier columns (IP address, location, recipient)",
        choices=[("drop", "Drop them"), ("keep", "Keep them, marked sensitive")],
        widget=forms.RadioSelect,
        initial="drop",
        help_text="An anonymous wave always drops them.",
    )
    anonymous = forms.BooleanField(
        label="Anonymous wave (responses not linked to anyone)", required=False, initial=True
    )
