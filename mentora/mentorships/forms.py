"""Forms of a relationship. The meeting log is the one used most: one screen, sensible defaults."""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from mentora.core.forms import SafeForm, SafeModelForm
from mentora.mentorships.models import (
    Agreement,
    Competency,
    DeclineReason,
    DevelopmentPlan,
    Goal,
    Meeting,
    Mentorship,
    Topic,
    competencies_for,
)
from mentora.programs.models import Program

DURATIONS = [(15, "15 min"), (30, "30 min"), (45, "45 min"), (60, "1 hour")]
REPEATS = [("", "Does not repeat"), ("1", "Every week"), ("2", "Every 2 weeks"),
           ("4", "Every 4 weeks"), ("8", "Every 8 weeks")]


def _small(rows: int = 2) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


def version_field() -> forms.IntegerField:
    """The version of a shared record the page showed; the write checks it (EditConflict)."""
    return forms.IntegerField(
        widget=forms.HiddenInput, min_value=1,
        error_messages={"required": "This page has no version: reload it, then make your change.",
                        "invalid": "This page has a broken version: reload it, then make your "
                                   "change."},
    )


class PairChoice(forms.ModelMultipleChoiceField[Mentorship]):
    def label_from_instance(self, obj: Mentorship) -> str:
        return str(obj.mentee.full_name)


class _MeetingBase(SafeForm):
    mentorships = PairChoice(
        queryset=Mentorship.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        label="Who took part",
        help_text="Tick several mentees for a group meeting.",
    )
    on = forms.DateField(label="Date", widget=forms.DateInput(attrs={"type": "date"}))
    duration_minutes = forms.TypedChoiceField(
        label="Duration", choices=DURATIONS, coerce=int, initial=30, widget=forms.RadioSelect
    )
    mode = forms.ChoiceField(
        label="Where", choices=Meeting.Mode.choices, initial=Meeting.Mode.IN_PERSON,
        widget=forms.RadioSelect,
    )

    def __init__(
        self, *args: Any, pairs: QuerySet[Mentorship],
        topics: QuerySet[Topic] | None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(PairChoice, self.fields["mentorships"]).queryset = pairs
        if "topics" in self.fields:
            cast("forms.ModelMultipleChoiceField[Topic]", self.fields["topics"]).queryset = topics


class MeetingLogForm(_MeetingBase):
    """A held meeting: date, length, place and topics up front; GROW notes folded away."""

    topics = forms.ModelMultipleChoiceField(
        queryset=Topic.objects.none(), widget=forms.CheckboxSelectMultiple, required=False,
        label="Topics",
    )
    review = forms.BooleanField(required=False, label="This was a progress review")
    goal = forms.CharField(required=False, widget=_small(), label="Goal",
                           help_text="What the mentee wants to achieve.")
    reality = forms.CharField(required=False, widget=_small(), label="Reality",
                              help_text="Where things stand now; what is in the way.")
    options = forms.CharField(required=False, widget=_small(), label="Options",
                              help_text="Ways forward you considered.")
    will = forms.CharField(required=False, widget=_small(), label="Will",
                           help_text="What will be done, by whom, by when.")
    private_note = forms.CharField(
        required=False, widget=_small(), label="Private note",
        help_text="Only you will ever see this note.",
    )


class MeetingScheduleForm(_MeetingBase):
    starts_at = forms.TimeField(
        label="Time", required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    place = forms.CharField(label="Place or video link", required=False, max_length=300)
    every_weeks = forms.TypedChoiceField(
        label="Repeat", choices=REPEATS, coerce=int, empty_value=None, required=False
    )
    until = forms.DateField(
        label="Repeat until", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("every_weeks") and not data.get("until"):
            self.add_error("until", "Say until when the meeting repeats.")
        if data.get("on") and data.get("starts_at"):
            # Typed on the person's own clock; kept on the site's, as Meeting.starts reads it.
            typed = datetime.combine(data["on"], data["starts_at"],
                                     tzinfo=timezone.get_current_timezone())
            site = typed.astimezone(ZoneInfo(settings.TIME_ZONE))
            data["on"], data["starts_at"] = site.date(), site.time()
        return data


class ReflectionForm(SafeForm):
    learned = forms.CharField(label="What I learned", widget=_small(3))
    next_actions = forms.CharField(label="My next actions", widget=_small(3), required=False)


class PrivateNoteForm(SafeForm):
    text = forms.CharField(
        label="My private note", widget=_small(3), required=False,
        help_text="Only you will ever see this note. Leave empty to delete it.",
    )


class CompetencyField(forms.ModelMultipleChoiceField[Competency]):
    """Competency items as checkboxes, each named with its framework."""

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.framework.name} · {obj}"


class GoalForm(SafeModelForm[Goal]):
    version = version_field()
    competencies = CompetencyField(
        queryset=Competency.objects.all(), widget=forms.CheckboxSelectMultiple, required=False,
        label="Competencies this goal builds",
    )
    in_plan = forms.BooleanField(required=False, label="Part of my development plan")

    class Meta:
        model = Goal
        fields = [
            "specific", "target_count", "unit", "due_on", "achievable", "relevant",
            "reality", "options", "will", "competencies",
        ]
        widgets = {
            "due_on": forms.DateInput(attrs={"type": "date"}),
            "achievable": _small(),
            "relevant": _small(),
            "reality": _small(),
            "options": _small(),
            "will": _small(),
        }

    def __init__(self, *args: Any, program: Program, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The site-wide frameworks and the program's own.
        field = self.fields["competencies"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = competencies_for(program)
        if self.instance.pk is None:
            del self.fields["version"]  # a new goal has no version to check yet
        else:
            self.fields["version"].initial = self.instance.version

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("target_count") and not data.get("unit"):
            self.add_error("unit", "Say what is counted, e.g. supervised shoulder reductions.")
        return data


class ProgressForm(SafeForm):
    count = forms.IntegerField(label="How many more done", min_value=1, max_value=500, initial=1)
    note = forms.CharField(label="Note", required=False, max_length=300)


class ActionItemForm(SafeForm):
    text = forms.CharField(label="Action", max_length=300)
    owner = forms.ChoiceField(label="Who", widget=forms.RadioSelect)
    due_on = forms.DateField(
        label="Due", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, pair: Mentorship, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["owner"]).choices = [
            (str(pair.mentee_id), f"{pair.mentee.full_name} (mentee)"),
            (str(pair.mentor_id), f"{pair.mentor.full_name} (mentor)"),
        ]
        self.fields["owner"].initial = str(pair.mentee_id)


class AgreementForm(SafeModelForm[Agreement]):
    version = version_field()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.version

    class Meta:
        model = Agreement
        fields = ["goals_summary", "cadence_meetings", "cadence_period_days",
                  "meeting_frequency", "scope", "confidentiality", "boundaries", "channels"]
        widgets = {name: _small(3) for name in fields if not name.startswith("cadence_")}
        labels = {"meeting_frequency": "How often we meet (a note)"}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        meetings, period = data.get("cadence_meetings"), data.get("cadence_period_days")
        if (meetings is None) != (period in (None, "")):
            self.add_error("cadence_meetings" if meetings is None else "cadence_period_days",
                           "Give both how many meetings and per what period, or neither.")
        return data


class DeclineForm(SafeForm):
    reason = forms.ChoiceField(
        label="Why", choices=DeclineReason.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(label="Anything to add (optional)", required=False, max_length=300)
    rematch = forms.BooleanField(
        label="I would like another mentor for this role", required=False, initial=True
    )


class EndForm(SafeForm):
    reason = forms.CharField(label="Why the mentorship ends", max_length=200)


class StartPlanForm(SafeForm):
    kind = forms.ChoiceField(
        label="Which plan", choices=[
            ("lunch", "Over-lunch plan: four short questions"),
            ("full", "Full plan: goals, values, skills, interests, challenges, support"),
        ],
        initial="lunch", widget=forms.RadioSelect,
    )


class PlanForm(SafeForm):
    """One text box per section of the plan's template."""

    def __init__(self, *args: Any, plan: DevelopmentPlan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for key, label in plan.template.sections:
            self.fields[key] = forms.CharField(
                label=label, required=False, widget=_small(4), initial=plan.answers.get(key, "")
            )


class SharePlanForm(SafeForm):
    with_coordinators = forms.BooleanField(
        required=False, label="Also let the program's coordinators read it"
    )


class ReviewPlanForm(SafeForm):
    comments = forms.CharField(label="Mentor comments", widget=_small(4))
