from __future__ import annotations

from typing import Any

from django import forms

from mentora.core.forms import SafeForm
from mentora.engagement.models import LINK_KINDS, Kind, Preference

# The digest is one tick of its own; the links that prove who owns an email are never a choice.
ROW_KINDS = [kind for kind in Kind if kind != Kind.DIGEST and kind not in LINK_KINDS]


class PreferencesForm(SafeForm):
    """Two ticks per kind: by email, in the app; and the weekly digest."""

    def __init__(
        self, *args: Any, current: dict[str, Preference], digest: bool, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["weekly_digest"] = forms.BooleanField(
            label=Kind.DIGEST.label,
            required=False,
            initial=digest,
            help_text="On Mondays, if anything is unread (coordinators: and the pairs behind "
            "their cadence in your cohorts).",
        )
        for kind in ROW_KINDS:
            choice = current.get(kind.value)
            self.fields[f"{kind.value}_email"] = forms.BooleanField(
                label=f"{kind.label}: by email",
                required=False,
                initial=choice.email if choice else True,
            )
            self.fields[f"{kind.value}_in_app"] = forms.BooleanField(
                label=f"{kind.label}: in the app",
                required=False,
                initial=choice.in_app if choice else True,
            )

    def rows(self) -> list[tuple[str, forms.BoundField, forms.BoundField]]:
        return [
            (kind.label, self[f"{kind.value}_email"], self[f"{kind.value}_in_app"])
            for kind in ROW_KINDS
        ]

    def choices(self) -> dict[str, tuple[bool, bool]]:
        data = self.cleaned_data
        return {
            kind.value: (
                bool(data.get(f"{kind.value}_email")),
                bool(data.get(f"{kind.value}_in_app")),
            )
            for kind in ROW_KINDS
        } | {Kind.DIGEST.value: (bool(data.get("weekly_digest")), False)}


class DriftPolicyForm(SafeForm):
    mentee = forms.IntegerField(
        label="Remind the mentee after (days behind)", min_value=0, max_value=365
    )
    mentor = forms.IntegerField(
        label="Then the mentor after (days behind)", min_value=0, max_value=365
    )
    coordinator = forms.IntegerField(
        label="Then flag the pair to coordinators after (days behind)",
        min_value=0,
        max_value=365,
    )
    goal_review = forms.IntegerField(
        label="Remind pairs to review open goals every (days)", min_value=7, max_value=365
    )

    pulse_first = forms.IntegerField(
        label="Ask mentees a pulse check this many days after the match",
        min_value=7,
        max_value=365,
        required=False,
        help_text="Left blank: as before (30 days by default).",
    )
    pulse_every = forms.IntegerField(
        label="Then a pulse check again every (days)",
        min_value=14,
        max_value=365,
        required=False,
        help_text="Left blank: as before (60 days by default).",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        steps: list[int] = [
            data[n] for n in ("mentee", "mentor", "coordinator") if data.get(n) is not None
        ]
        if len(steps) == 3 and steps != sorted(steps):
            raise forms.ValidationError(
                "The steps go in order: the mentee first, then the mentor, then the coordinators."
            )
        return data


RATINGS = [
    (5, "5 · Very well"),
    (4, "4 · Well"),
    (3, "3 · So-so"),
    (2, "2 · Not well"),
    (1, "1 · Badly"),
]


class PulseForm(SafeForm):
    """Two questions, one tap each."""

    rating = forms.TypedChoiceField(
        label="How is your mentoring relationship going?",
        choices=RATINGS,
        coerce=int,
        widget=forms.RadioSelect,
    )
    wants_talk = forms.TypedChoiceField(
        label="Would you like to talk to the program about it?",
        choices=[("no", "No"), ("yes", "Yes")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
