"""A program's competency frameworks (coordinators) and mentors' growth entries (the mentor)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from mentora.core import thresholds
from mentora.core.forms import SafeForm
from mentora.mentorships.access import access_pair
from mentora.mentorships.actions.competencies import (
    CompetencyError,
    do_add_competency,
    do_add_framework,
    do_record_mentor_growth,
    growth_table,
)
from mentora.mentorships.forms import CompetencyField
from mentora.mentorships.models import Competency, Framework, MentorGrowth, competencies_for
from mentora.people.access import access_me
from mentora.people.auth import AuthenticatedHttpRequest
from mentora.programs.access import access_program


class FrameworkForm(SafeForm):
    name = forms.CharField(label="New framework's name", max_length=200)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Beside the item form, which has a name too: its own ids.
        kwargs.setdefault("auto_id", "framework_%s")
        super().__init__(*args, **kwargs)


class ItemForm(SafeForm):
    framework = forms.ModelChoiceField(queryset=Framework.objects.none(), label="Framework")
    code = forms.CharField(label="Code", max_length=16)
    name = forms.CharField(label="Competency", max_length=200)


class GrowthForm(SafeForm):
    on = forms.DateField(label="Date", widget=forms.DateInput(attrs={"type": "date"}))
    text = forms.CharField(label="What mentoring taught me", widget=forms.Textarea({"rows": 3}))
    competencies = CompetencyField(
        queryset=Competency.objects.none(), widget=forms.CheckboxSelectMultiple,
        label="Competencies it touched",
    )


@login_required
@require_http_methods(["GET", "POST"])
def program_competencies(request: AuthenticatedHttpRequest, program_id: int) -> HttpResponse:
    program = access_program(request.user, program_id)
    own = Framework.objects.filter(program=program)
    post = request.POST if request.method == "POST" else None
    add_framework = FrameworkForm(post if post and "name" in post and "code" not in post else None)
    add_item = ItemForm(post if post and "code" in post else None)
    add_item.fields["framework"].queryset = own  # type: ignore[attr-defined]
    for form in (add_framework, add_item):
        if form.is_bound and form.is_valid():
            data = form.cleaned_data
            try:
                if form is add_framework:
                    do_add_framework(request.user, program, data["name"])
                else:
                    do_add_competency(request.user, data["framework"], data["code"], data["name"])
            except CompetencyError as refused:
                form.add_error(None, str(refused))
            else:
                messages.success(request, "Saved.")
                return redirect("program_competencies", program.pk)
    items, table = growth_table(program, threshold=thresholds.internal())
    frameworks = Framework.objects.filter(pk__in=competencies_for(program).values("framework"))
    return render(request, "mentorships/competencies.html", {
        "program": program, "frameworks": frameworks.prefetch_related("items"),
        "add_framework": add_framework, "add_item": add_item, "items": items, "table": table,
    }, status=400 if request.method == "POST" else 200)


@login_required
@require_http_methods(["GET", "POST"])
def mentor_growth(request: AuthenticatedHttpRequest, mentorship_id: int) -> HttpResponse:
    pair = access_pair(request.user, mentorship_id)
    me = access_me(request.user)
    if pair.mentor_id != me.pk:
        raise Http404("No such pair")  # the entries are the mentor's own
    form = GrowthForm(request.POST or None, initial={"on": timezone.localdate()})
    field = form.fields["competencies"]
    assert isinstance(field, CompetencyField)
    field.queryset = competencies_for(pair.cohort.program)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            do_record_mentor_growth(me, pair.cohort, data["on"], data["text"],
                                    list(data["competencies"]), timezone.now())
        except CompetencyError as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, "Entry saved.")
            return redirect("mentor_growth", pair.pk)
    entries = MentorGrowth.objects.filter(mentor=me, cohort=pair.cohort).prefetch_related(
        "competencies"
    )
    return render(request, "mentorships/growth.html",
                  {"pair": pair, "form": form, "entries": entries},
                  status=400 if request.method == "POST" else 200)
