"""The learner's choice of what goes in their portfolio: three lists of checkboxes."""

from __future__ import annotations

from typing import Any

from django import forms

from mentora.core.forms import SafeForm
from mentora.feedback.models import MiniCex
from mentora.mentorships.models import Goal, Reflection
from mentora.people.models import Person
from mentora.portfolio.gather import achieved_goals, observations_of, reflections_of


class GoalChoices(forms.ModelMultipleChoiceField[Goal]):
    def label_from_instance(self, obj: Goal) -> str:
        measure = obj.measure_label()
        achieved = f" · achieved {obj.achieved_on.isoformat()}" if obj.achieved_on else ""
        return f"{obj.specific}{f' · {measure}' if measure else ''}{achieved}"


class ObservationChoices(forms.ModelMultipleChoiceField[MiniCex]):
    def label_from_instance(self, obj: MiniCex) -> str:
        overall = f"overall {obj.overall}" if obj.overall else "overall not rated"
        return (
            f"{obj.observed_on.isoformat()} · {obj.patient_problem} · "
            f"{obj.observer.full_name} · {overall}"
        )


class ReflectionChoices(forms.ModelMultipleChoiceField[Reflection]):
    def label_from_instance(self, obj: Reflection) -> str:
        learned = obj.learned if len(obj.learned) <= 100 else f"{obj.learned[:99]}…"
        return f"After the meeting of {obj.meeting.on.isoformat()}: {learned}"


class PortfolioForm(SafeForm):
    goals = GoalChoices(
        queryset=Goal.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Goals achieved",
        help_text="Ticked goals go in; a goal you achieve later goes in until you untick it.",
    )
    observations = ObservationChoices(
        queryset=MiniCex.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Mini-CEX observations to show in full",
        help_text="Every mini-CEX counts in the chart; ticked ones are shown with their "
        "feedback and your reflection.",
    )
    reflections = ReflectionChoices(
        queryset=Reflection.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Reflections after meetings",
    )

    def __init__(self, *args: Any, learner: Person, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        querysets = {
            "goals": achieved_goals(learner),
            "observations": observations_of(learner),
            "reflections": reflections_of(learner),
        }
        for name, queryset in querysets.items():
            field = self.fields[name]
            assert isinstance(field, forms.ModelMultipleChoiceField)
            field.queryset = queryset
