"""A program's feedback settings (coordinators: formative only, summative assessors, the
competency mapping) and a cohort's observations as aggregates (coordinators: counts;
evaluators: ratings, unless the program's feedback is formative only)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from mentora.core.forms import SafeForm
from mentora.core.text import whole_number
from mentora.evaluation.access import access_report
from mentora.feedback.aggregates import counts, for_evaluators
from mentora.feedback.firewall import (
    FirewallError,
    assessors_of,
    do_name_assessor,
    do_remove_assessor,
    do_set_formative_only,
    is_formative_only,
)
from mentora.feedback.mapping import (
    MappingError,
    do_map_domain,
    do_remove_mapping,
    do_tag_procedure,
)
from mentora.feedback.models import DomainCompetency, ProcedureCompetency, ProcedureEntry
from mentora.feedback.pure.minicex import DOMAINS
from mentora.mentorships.models import Competency, competencies_for
from mentora.people.auth import AuthenticatedHttpRequest
from mentora.programs.access import access_program
from mentora.programs.models import Program


class PolicyForm(SafeForm):
    formative_only = forms.BooleanField(
        required=False, label="Feedback in this program is formative only",
        help_text="Observations are then never shown to evaluators, nor in summative exports.",
    )


class AssessorForm(SafeForm):
    email = forms.EmailField(label="Email of a summative assessor",
                             help_text="Someone enrolled in this program.")


class OneCompetency(forms.ModelChoiceField[Competency]):
    """One competency item, named with its framework."""

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.framework.name} · {obj}"


def _competency(program: Program) -> OneCompetency:
    return OneCompetency(queryset=competencies_for(program), label="Competency")


class DomainForm(SafeForm):
    domain = forms.ChoiceField(choices=DOMAINS, label="Mini-CEX domain")


class ProcedureTagForm(SafeForm):
    procedure = forms.CharField(max_length=120, label="Procedure",
                                widget=forms.TextInput(attrs={"list": "known-procedures"}))


def _with_competency(form: SafeForm, program: Program) -> SafeForm:
    form.fields["competency"] = _competency(program)
    return form


@login_required
@require_http_methods(["GET", "POST"])
def program_feedback(request: AuthenticatedHttpRequest, program_id: int) -> HttpResponse:
    program = access_program(request.user, program_id)
    post = request.POST if request.method == "POST" else None
    action = post.get("action", "") if post else ""
    policy = PolicyForm(post if action == "policy" else None,
                        initial={"formative_only": is_formative_only(program.pk)})
    assessor = AssessorForm(post if action == "assessor" else None)
    # Both mapping forms have a competency: each its own ids (auto_id), so none is there twice.
    domain = _with_competency(
        DomainForm(post if action == "domain" else None, auto_id="domain_%s"), program)
    procedure = _with_competency(
        ProcedureTagForm(post if action == "procedure" else None, auto_id="procedure_%s"),
        program)
    user, now = request.user, timezone.now()
    writes: dict[str, tuple[SafeForm, Callable[[dict[str, Any]], object]]] = {
        "policy": (policy, lambda d: do_set_formative_only(user, program, d["formative_only"],
                                                           now)),
        "assessor": (assessor, lambda d: do_name_assessor(user, program, d["email"], now)),
        "domain": (domain, lambda d: do_map_domain(user, program, d["domain"],
                                                   d["competency"])),
        "procedure": (procedure, lambda d: do_tag_procedure(user, program, d["procedure"],
                                                            d["competency"])),
    }
    if action in writes:
        form, write = writes[action]
        if form.is_valid():
            try:
                write(form.cleaned_data)
            except (FirewallError, MappingError) as refused:
                form.add_error(None, str(refused))
            else:
                messages.success(request, "Saved.")
                return redirect("program_feedback", program.pk)
    elif post is not None:
        return _remove(request, program, action, post.get("id", ""))
    known = (ProcedureEntry.objects.filter(mentorship__cohort__program=program)
             .values_list("procedure", flat=True).distinct().order_by("procedure"))
    return render(request, "feedback/program_feedback.html", {
        "program": program, "policy": policy, "assessor": assessor, "domain": domain,
        "procedure": procedure, "assessors": assessors_of(program),
        "domain_map": DomainCompetency.objects.filter(program=program)
        .select_related("competency__framework"),
        "procedure_tags": ProcedureCompetency.objects.filter(program=program)
        .select_related("competency__framework"),
        "known": known[:200], "has_items": competencies_for(program).exists(),
        "cohorts": program.cohorts.order_by("-starts_on"),
    }, status=400 if post is not None else 200)


def _remove(request: AuthenticatedHttpRequest, program: Program, action: str,
            raw_id: str) -> HttpResponse:
    """The remove buttons: a summative assessor, a domain mapping, a procedure tag."""
    item = whole_number(raw_id.strip(), most_digits=18)
    try:
        if action not in ("remove_assessor", "unmap_domain", "unmap_procedure"):
            raise FirewallError("Nothing to do: choose a button on the page.")
        if item is None:
            raise FirewallError("Nothing chosen to remove.")
        if action == "remove_assessor":
            do_remove_assessor(request.user, program, item)
        else:
            do_remove_mapping(request.user, program, action.removeprefix("unmap_"), item)
    except (FirewallError, MappingError) as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, "Removed.")
    return redirect("program_feedback", program.pk)


@login_required
def cohort_observations(request: AuthenticatedHttpRequest, cohort_id: int) -> HttpResponse:
    reach = access_report(request.user, cohort_id)
    cohort = reach.cohort
    formative = is_formative_only(cohort.program_id)
    if reach.identified:  # the program's coordinators (and site admins): counts
        summary = counts(cohort)
    elif formative:  # evaluators: nothing of a formative-only program
        summary = None
    else:
        summary = for_evaluators(cohort)
    return render(request, "feedback/cohort_observations.html", {
        "cohort": cohort, "summary": summary, "formative_only": formative,
        "identified": reach.identified,
    })

