"""The forms of the coding pages; each page's POST names its form by `op`."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from mentora.core.forms import SafeForm, UploadField
from mentora.people.models import Person
from mentora.programs.models import Cohort
from mentora.qualitative.models import Code, Project, Source, Valence
from mentora.qualitative.pure.sampling import DEFAULT_SHARE, HIGHEST_SHARE, LOWEST_SHARE

COLOUR_WIDGET = forms.TextInput(attrs={"type": "color"})


class ProjectForm(SafeForm):
    cohort = forms.ModelChoiceField(queryset=Cohort.objects.none())
    name = forms.CharField(max_length=120)
    description = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, cohorts: QuerySet[Cohort], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["cohort"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = cohorts


class CommentsForm(SafeForm):
    questions = forms.MultipleChoiceField(
        choices=[], widget=forms.CheckboxSelectMultiple,
        help_text="Each submitted answer becomes a source: one per respondent and question.",
    )

    def __init__(self, *args: Any, items: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["questions"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = [(v, f"{v}: {label[:80]}" if label else v) for v, label in items]


class TranscriptForm(SafeForm):
    kind = forms.ChoiceField(choices=[(Source.Kind.INTERVIEW, "Interview"),
                                      (Source.Kind.FOCUS_GROUP, "Focus group")])
    file = UploadField(help_text="TXT or DOCX; a line beginning 'Name:' starts a speaker's turn.")
    respondent = forms.CharField(max_length=40, required=False,
                                 help_text="A pseudonymous id, never a name.")
    role = forms.CharField(max_length=20, required=False)
    group = forms.CharField(max_length=100, required=False)
    wave = forms.CharField(max_length=120, required=False)


class CoderForm(SafeForm):
    person = forms.ModelChoiceField(queryset=Person.objects.none(), label="Evaluator")
    is_lead = forms.BooleanField(required=False, label="Lead coder (adjudicates)")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        field = self.fields["person"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Person.objects.filter(is_evaluator=True).exclude(
            evaluator_expires_on__lte=today).order_by("full_name")


class SampleForm(SafeForm):
    percent = forms.IntegerField(min_value=LOWEST_SHARE, max_value=HIGHEST_SHARE,
                                 initial=DEFAULT_SHARE, label="Share double coded (%)")
    coders = forms.ModelMultipleChoiceField(queryset=Person.objects.none(),
                                            widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["coders"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = Person.objects.filter(qda_coders__project=project).order_by("full_name")


def _codes(project: Project) -> QuerySet[Code]:
    return Code.objects.filter(project=project, retired=False).order_by("name")


class CodeForm(SafeForm):
    """Every codebook change: `op` says which; each uses the fields it needs."""

    OPS = ("create", "rename", "define", "move", "merge", "split")
    op = forms.ChoiceField(choices=[(op, op) for op in OPS], widget=forms.HiddenInput)
    code = forms.ModelChoiceField(queryset=Code.objects.none(), required=False)
    name = forms.CharField(max_length=120, required=False)
    parent = forms.ModelChoiceField(queryset=Code.objects.none(), required=False,
                                    empty_label="(top level)")
    into = forms.ModelChoiceField(queryset=Code.objects.none(), required=False,
                                  label="Merge into")
    definition = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
    colour = forms.CharField(max_length=7, initial="#1f77b4", required=False,
                             widget=COLOUR_WIDGET)

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("code", "parent", "into"):
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = _codes(project)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        op = data.get("op")
        if op and op != "create" and data.get("code") is None:
            self.add_error("code", "Choose the code to change.")
        if op in ("create", "rename", "split") and not data.get("name"):
            self.add_error("name", "Name the code.")
        if op == "merge" and data.get("into") is None:
            self.add_error("into", "Choose the code to merge into.")
        return data


class ApplyForm(SafeForm):
    code = forms.ModelChoiceField(queryset=Code.objects.none())
    valence = forms.ChoiceField(choices=Valence.choices, initial=Valence.NEUTRAL)
    start = forms.IntegerField(min_value=0, required=False, label="From character")
    end = forms.IntegerField(min_value=0, required=False, label="To character")

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["code"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = _codes(project)


class MemoForm(SafeForm):
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label="Memo")


class AdjudicateForm(SafeForm):
    source = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    code = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    decision = forms.ChoiceField(choices=[("apply", "Applies"), ("reject", "Does not apply")])
    adopt = forms.IntegerField(min_value=1, required=False, widget=forms.HiddenInput)
    valence = forms.ChoiceField(choices=Valence.choices, initial=Valence.NEUTRAL,
                                required=False)


class RedactionForm(SafeForm):
    redactions = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 3}), label="Words to black out",
        help_text="Services, rotations, places: one a line, whatever their case.")
    redact_names = forms.BooleanField(required=False,
                                      label="Black out the names of the cohort's people")
