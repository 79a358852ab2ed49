"""The pair's observations and procedures; recording, acknowledging, logging, confirming."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from mentora.feedback.access import access_observation, access_procedure
from mentora.feedback.actions import (
    FeedbackError,
    do_acknowledge_observation,
    do_confirm_procedure,
    do_log_procedure,
    do_record_mini_cex,
)
from mentora.feedback.firewall import is_by_assessor, with_assessor_flag
from mentora.feedback.forms import AcknowledgeForm, MiniCexForm, ProcedureForm
from mentora.feedback.models import MiniCex, ProcedureCompetency, ProcedureEntry
from mentora.mentorships.access import access_pair
from mentora.mentorships.models import Mentorship
from mentora.people.access import access_me
from mentora.people.auth import AuthenticatedHttpRequest


def _pair_as(request: AuthenticatedHttpRequest, mentorship_id: int, side: str) -> Mentorship:
    """The pair, for its mentor (side="mentor") or its mentee; anyone else gets 404."""
    pair = access_pair(request.user, mentorship_id)
    me = access_me(request.user)
    if me.pk != getattr(pair, f"{side}_id"):
        raise Http404("No such mentorship")
    return pair


@login_required
def pair_feedback(request: AuthenticatedHttpRequest, mentorship_id: int) -> HttpResponse:
    pair = access_pair(request.user, mentorship_id)
    me = access_me(request.user)
    procedures = ProcedureEntry.objects.filter(mentorship=pair).select_related("goal")
    return render(request, "feedback/pair.html", {
        "pair": pair,
        "is_mentor": me.pk == pair.mentor_id,
        "is_mentee": me.pk == pair.mentee_id,
        "observations": with_assessor_flag(MiniCex.objects.filter(mentorship=pair)),
        "procedures": procedures,
    })


@login_required
@require_http_methods(["GET", "POST"])
def new_mini_cex(request: AuthenticatedHttpRequest, mentorship_id: int) -> HttpResponse:
    pair = _pair_as(request, mentorship_id, "mentor")
    form = MiniCexForm(request.POST or None, initial={"observed_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            do_record_mini_cex(pair, access_me(request.user), timezone.now(),
                               **form.cleaned_data)
        except FeedbackError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Mini-CEX recorded. {pair.mentee.full_name} will see it.")
            return redirect("pair_feedback", pair.pk)
    return render(request, "feedback/mini_cex_form.html", {"pair": pair, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def mini_cex(request: AuthenticatedHttpRequest, observation_id: int) -> HttpResponse:
    observation = access_observation(request.user, observation_id)
    me = access_me(request.user)
    is_learner = me.pk == observation.learner_id
    form = AcknowledgeForm(request.POST or None,
                           initial={"reflection": observation.reflection})
    if request.method == "POST":
        if not is_learner:
            raise Http404("No such observation")
        if form.is_valid():
            do_acknowledge_observation(observation, me, timezone.now(),
                                       form.cleaned_data["reflection"])
            messages.success(request, "Acknowledged. Your mentor sees that you read it.")
            return redirect(observation)
    return render(request, "feedback/mini_cex.html", {
        "observation": observation, "is_learner": is_learner, "form": form,
        "by_assessor": is_by_assessor(observation),
    })


@login_required
@require_http_methods(["GET", "POST"])
def log_procedure(request: AuthenticatedHttpRequest, mentorship_id: int) -> HttpResponse:
    pair = _pair_as(request, mentorship_id, "mentee")
    form = ProcedureForm(request.POST or None, pair=pair,
                         initial={"performed_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            do_log_procedure(pair, access_me(request.user), timezone.now(), **form.cleaned_data)
        except FeedbackError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Logged. {pair.mentor.full_name} is asked to confirm it.")
            return redirect("pair_feedback", pair.pk)
    return render(request, "feedback/procedure_form.html",
                  {"pair": pair, "form": form, "known": program_procedures(pair)[:200]})


def program_procedures(pair: Mentorship) -> QuerySet[ProcedureEntry, str]:
    """The names the procedure log offers: the program's own list (the procedures its
    coordinators named on its feedback page) and those its learners logged, in one query; any
    other name is typed and stored normalised."""
    program = pair.cohort.program_id
    listed = (ProcedureCompetency.objects.filter(program_id=program).order_by()
              .values_list("procedure"))
    logged = ProcedureEntry.objects.filter(mentorship__cohort__program_id=program).order_by()
    return logged.values_list("procedure", flat=True).union(listed).order_by("procedure")


@login_required
@require_POST
def confirm_procedure(request: AuthenticatedHttpRequest, entry_id: int) -> HttpResponse:
    entry = access_procedure(request.user, entry_id)
    try:
        do_confirm_procedure(entry, access_me(request.user), timezone.now())
    except FeedbackError as error:
        if access_me(request.user).pk != entry.supervisor_id:
            raise Http404("No such procedure entry") from None
        messages.error(request, str(error))
    else:
        messages.success(request, f"Confirmed: {entry.procedure} on {entry.performed_on}.")
    return redirect("pair_feedback", entry.mentorship_id)
