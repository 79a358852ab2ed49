from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from django import forms
from django.db.models import QuerySet

from mentora.core.forms import SafeForm, UploadField
from mentora.surveys.models import Instrument, Wave


class WaveForm(SafeForm):
    instrument = forms.ModelChoiceField(queryset=Instrument.objects.none())
    label = forms.CharField(max_length=120, help_text="e.g. Baseline 2026")
    time_point = forms.ChoiceField(choices=Wave.TimePoint.choices)
    anchor = forms.ChoiceField(
        label="Timing",
        choices=Wave.Anchor.choices,
        required=False,
        help_text="On fixed dates for everyone, or from each person's own start or end "
        "(their block or cohort): each person is invited when their own window opens.",
    )
    opens_on = forms.DateField(
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Fixed dates only.",
    )
    closes_on = forms.DateField(
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Fixed dates only.",
    )
    offset_days = forms.IntegerField(
        label="Days after the start or end",
        required=False,
        min_value=-3 * 365,
        max_value=3 * 365,
        help_text="Timed per person only: 0 at the start or end, 84 after 12 weeks, 182 for "
        "six months; negative for before.",
    )
    window_days = forms.IntegerField(
        label="Open for (days)",
        required=False,
        min_value=1,
        max_value=365,
        help_text="Timed per person only: how long each person's window stays open.",
    )
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
        data = super().clean() or {}
        if data.get("anchor"):
            if data.get("offset_days") is None and "offset_days" not in self.errors:
                self.add_error(
                    "offset_days",
                    "Say how many days after each person's start or end the wave opens "
                    "(0 for at once).",
                )
            if data.get("window_days") is None and "window_days" not in self.errors:
                self.add_error("window_days", "Say how many days each person's window is open.")
            return data
        for name, what in (("opens_on", "opens"), ("closes_on", "closes")):
            if data.get(name) is None and name not in self.errors:
                self.add_error(name, f"A wave on fixed dates needs the day it {what}.")
        return _closes_after_it_opens(self, data)


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


_NEW_PROJECT = ("", "A new project")


class _ProjectChoice(SafeForm):
    """An import's project: a new one (named, or after its file), or one of the cohort's,
    updated in place. Both import forms sit on the cohort's surveys page beside the wave form:
    each names its fields' ids after itself (`id_prefix`), so no id is there twice."""

    id_prefix = "import"

    into = forms.ChoiceField(
        label="Import into",
        required=False,
        help_text="Importing into a project updates it: rows already there are matched and "
        "updated, new rows added, nothing deleted.",
    )
    name = forms.SlugField(
        label="New project's name",
        max_length=60,
        required=False,
        help_text="Lower-case, e.g. pre_post_2026; blank: the file's name (made unique).",
    )

    def __init__(self, *args: Any, projects: list[str] | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"{self.id_prefix}_%s")
        super().__init__(*args, **kwargs)
        into = cast("forms.ChoiceField", self.fields["into"])
        into.choices = [_NEW_PROJECT, *((name, name) for name in projects or [])]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("into") and data.get("name"):
            self.add_error(
                "name",
                "A name is for a new project: leave it blank to import into an existing one.",
            )
        return data


class RedcapImportForm(_ProjectChoice):
    id_prefix = "redcap"
    dictionary = UploadField(label="Data dictionary (CSV)")
    records = UploadField(label="Records, raw data export (CSV)")
    events = UploadField(label="Events (CSV, longitudinal projects only)", required=False)
    arms = UploadField(label="Arms (CSV, optional)", required=False)
    mapping = UploadField(label="Instrument-event mapping (CSV, optional)", required=False)
    groups = UploadField(label="Data access groups (CSV, optional)", required=False)
    repeating = UploadField(
        label="Repeating instruments and events (CSV, optional)", required=False
    )
    dry_run = forms.BooleanField(
        label="Only check the files and say what would be added, updated and left, import nothing",
        required=False,
    )
    field_order = ["dictionary", "records", "events", "into", "name"]


class QualtricsImportForm(_ProjectChoice):
    id_prefix = "qualtrics"
    export = UploadField(label="Qualtrics export (CSV)")
    label = forms.CharField(
        label="Wave label",
        max_length=120,
        required=False,
        help_text="For a new project; blank: the date of the import.",
    )
    field_order = ["export", "into", "name", "label"]
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


class ItemTypesForm(SafeForm):
    """A type for each item (or matrix group) that may be Likert or single choice: `rows` are
    mentora.surveys.preview.TypeRow."""

    def __init__(self, *args: Any, rows: Sequence[Any] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for row in rows:
            if row.choosable:
                label = row.variable + (f" (matrix {row.group})" if row.group else "")
                self.fields[f"type_{row.variable}"] = forms.ChoiceField(
                    label=label, choices=row.option_labels, initial=row.type
                )

    def types(self) -> dict[str, str]:
        return {
            name.removeprefix("type_"): value
            for name, value in self.cleaned_data.items()
            if name.startswith("type_")
        }
