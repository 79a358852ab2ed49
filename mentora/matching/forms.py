from __future__ import annotations

from typing import Any, cast

from django import forms

from mentora.core.forms import SafeForm
from mentora.matching.models import MatchRun
from mentora.matching.runs import ADJUSTMENTS
from mentora.programs.mentorship_roles import MentorshipRole
from mentora.programs.models import Block, Cohort


class StartRunForm(SafeForm):
    mode = forms.ChoiceField(label="Objective", choices=MatchRun.Mode.choices,
                             initial=MatchRun.Mode.WELFARE)
    break_current = forms.BooleanField(
        label="May break current pairs", required=False,
        help_text="Left unticked, every active mentorship of the cohort is kept.")
    block = forms.ModelChoiceField(
        label="Who", queryset=Block.objects.none(), required=False,
        empty_label="The whole cohort",
        help_text="A block's run matches its mentees; mentors' active pairs in other blocks "
                  "count against their capacity.")

    def __init__(self, *args: Any, cohort: Cohort, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        blocks = cohort.blocks.order_by("starts_on", "pk")
        field = cast(forms.ModelChoiceField, self.fields["block"])  # type: ignore[type-arg]
        field.queryset = blocks
        if not blocks.exists():
            del self.fields["block"]


class AdjustForm(SafeForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    action = forms.ChoiceField(choices=[(a, a) for a in ADJUSTMENTS])
    mentee = forms.IntegerField()
    mentor = forms.IntegerField()


class VersionForm(SafeForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class FilterForm(SafeForm):
    interest = forms.CharField(
        label="Interest contains", required=False, max_length=80,
        widget=forms.TextInput(attrs={"list": "known-interests", "autocomplete": "off"}),
    )
    specialty = forms.ChoiceField(label="Specialty", required=False)
    role = forms.ChoiceField(label="Tier or role", required=False)
    with_capacity = forms.BooleanField(label="Only people with a place left", required=False)

    def __init__(self, *args: Any, specialties: list[str], roles: list[str],
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        specialty = cast(forms.ChoiceField, self.fields["specialty"])
        specialty.choices = [("", "Any")] + [(s, s) for s in specialties]
        role = cast(forms.ChoiceField, self.fields["role"])
        role.choices = [("", "Any")] + [(r, r) for r in roles]


class DeclineForm(SafeForm):
    reason = forms.CharField(label="Why you decline", max_length=300,
                             widget=forms.TextInput)


class PreferenceForm(SafeForm):
    same_gender = forms.BooleanField(label="I would like a mentor of my gender", required=False)
    same_background = forms.BooleanField(
        label="I would like a mentor of my racial or ethnic background", required=False,
        help_text="Used only to weigh pairs; never shown to anyone, coordinators included.")
    roles_needed = forms.MultipleChoiceField(
        label="Mentors I need on my team", required=False, choices=MentorshipRole.choices,
        widget=forms.CheckboxSelectMultiple)
    team_role = forms.ChoiceField(label="The role I fill on mentees' teams", required=False,
                                  choices=[("", "Career (default)"), *MentorshipRole.choices])


class WeightsForm(SafeForm):
    """One number per score component; the engine's defaults are the initial values."""

    version = forms.IntegerField(
        widget=forms.HiddenInput, min_value=1,
        error_messages={"required": "This page has no version: reload it, then make your change.",
                        "invalid": "This page has a broken version: reload it, then make your "
                                   "change."},
    )

    def __init__(self, *args: Any, labels: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, label in labels.items():
            self.fields[name] = forms.FloatField(label=label, min_value=0, max_value=100)
