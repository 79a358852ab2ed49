"""The respondent's survey: no login, the link is the key."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from mentora.surveys import actions
from mentora.surveys.answering import read_answers
from mentora.surveys.links import LinkProblem
from mentora.surveys.mapping import to_interchange
from mentora.surveys.models import Response
from mentora.surveys.page import questions


def _problem_page(request: HttpRequest, problem: LinkProblem) -> HttpResponse:
    return render(request, "surveys/link_problem.html", {"problem": problem}, status=410)


def respond(request: HttpRequest, token: str) -> HttpResponse:
    """The respondent's survey: no login, the link is the key."""
    now = timezone.now()
    try:
        invitation = actions.do_open_link(token, now)
    except LinkProblem as problem:
        return _problem_page(request, problem)
    wave = invitation.wave
    definition = to_interchange(wave.instrument)
    response = Response.objects.filter(invitation=invitation).first()
    saved = actions.saved_answers(response)
    errors: dict[str, str] = {}
    if request.method == "POST":
        submitting = "submit" in request.POST
        reading = read_answers(definition, dict(request.POST.lists()), submitting=submitting)
        saved, errors = reading.answers, reading.errors
        if not errors:
            try:
                actions.do_save_answers(token, reading.answers, now, submit=submitting)
            except LinkProblem as problem:
                return _problem_page(request, problem)
            if submitting:
                return render(request, "surveys/thanks.html", {"wave": wave})
            messages.success(request, "Your answers are saved. Come back with the same link.")
            return redirect("survey_respond", token)
    context = {
        "wave": wave,
        "closes_on": invitation.window[1],
        "questions": questions(definition, saved, errors),
        "errors": errors,
        "token": token,
    }
    return render(request, "surveys/respond.html", context, status=400 if errors else 200)
