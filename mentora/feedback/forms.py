"""The mini-CEX form (one phone screen), the learner's acknowledgement, the procedure log."""

from __future__ import annotations

from typing import Any

from django import forms

from mentora.core.forms import SafeForm, SafeModelForm
from mentora.feedback.models import MiniCex, ProcedureEntry
from mentora.feedback.pure.minicex import DOMAINS, HIGHEST, LOWEST, band
from mentora.mentorships.models import Goal, Mentorship

RATING_CHOICES = [("", "Not observed")] + [
    (str(n), f"{n} · {band(n)}") for n in range(LOWEST, HIGHEST + 1)
]


class MiniCexForm(SafeModelForm[MiniCex]):
    class Meta:
        model = MiniCex
        fields = [
            "observed_on", "setting", "patient_problem", "complexity",
            *(code for code, _ in DOMAINS),
            "minutes_observing", "minutes_feedback", "strengths", "next_step",
        ]
        widgets = {
            "observed_on": forms.DateInput(attrs={"type": "date"}),
            "minutes_observing": forms.NumberInput(attrs={"inputmode": "numeric", "min": 0}),
            "minutes_feedback": forms.NumberInput(attrs={"inputmode": "numeric", "min": 0}),
            "strengths": forms.Textarea(attrs={"rows": 2}),
            "next_step": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for code, label in DOMAINS:
            self.fields[code] = forms.TypedChoiceField(
                label=label, choices=RATING_CHOICES, coerce=int, empty_value=None,
                required=False,
            )
        self.fields["next_step"].required = True

    def domain_fields(self) -> list[forms.BoundField]:
        return [self[code] for code, _ in DOMAINS]


class AcknowledgeForm(SafeForm):
    reflection = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 3}),
        label="Your reflection (optional)",
    )


class ProcedureForm(SafeForm):
    procedure = forms.CharField(
        max_length=120, help_text="e.g. shoulder reduction",
        widget=forms.TextInput(attrs={"list": "known-procedures"}),
    )
    performed_on = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    level = forms.ChoiceField(choices=ProcedureEntry.Level.choices)
    goal = forms.ModelChoiceField(
        queryset=Goal.objects.none(), required=False, empty_label="No goal",
        help_text="Once your mentor confirms it, it counts toward this goal.",
    )
    note = forms.CharField(max_length=300, required=False)

    def __init__(self, *args: Any, pair: Mentorship, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        goal_field = self.fields["goal"]
        assert isinstance(goal_field, forms.ModelChoiceField)
        goal_field.queryset = Goal.objects.filter(mentorship=pair, status=Goal.Status.OPEN)
