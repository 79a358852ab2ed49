"""The pages' part of code suggestions: a coder accepts or rejects one beside the text; a
project's managers and lead coders ask for them to be computed again."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import Http404
from django.utils import timezone

from mentora.core.forms import SafeForm
from mentora.people.auth import AuthenticatedHttpRequest
from mentora.qualitative.access import ProjectAccess
from mentora.qualitative.actions.suggestions import do_decide_suggestion
from mentora.qualitative.models import Source, Valence
from mentora.qualitative.suggestions import do_queue_suggestions, suggestions_for


class DecideForm(SafeForm):
    suggestion = forms.IntegerField(min_value=1, max_value=2**62, widget=forms.HiddenInput)
    decision = forms.ChoiceField(choices=[("accept", "Accept"), ("reject", "Reject")])
    valence = forms.ChoiceField(choices=Valence.choices, initial=Valence.NEUTRAL, required=False)


def decide(request: AuthenticatedHttpRequest, found: ProjectAccess, source: Source) -> None:
    """op=suggestion on the coding page: only a suggestion the coder sees there is decided."""
    form = DecideForm(request.POST)
    if not form.is_valid():
        for field, errors in form.errors.items():
            messages.error(request, f"{field}: {' '.join(str(e) for e in errors)}")
        return
    data = form.cleaned_data
    shown = {s.pk: s for s in suggestions_for(source, found.me)}
    suggestion = shown.get(data["suggestion"])
    if suggestion is None or found.me is None:
        raise Http404("No such suggestion")
    accept = data["decision"] == "accept"
    do_decide_suggestion(
        suggestion, found.me, accept, timezone.now(), valence=data["valence"] or Valence.NEUTRAL
    )
    messages.success(
        request, f"Suggestion {suggestion.code.name} {'accepted: coded' if accept else 'rejected'}."
    )


def queue(request: AuthenticatedHttpRequest, found: ProjectAccess) -> None:
    """op=suggest on the project page, for its managers and lead coders."""
    if not (found.manages or found.leads):
        raise Http404("No such project")
    job = do_queue_suggestions(found.project, request.user)
    if job.state == job.State.FAILED:
        messages.error(request, f"Code suggestions failed: {job.error}")
    else:
        messages.success(
            request,
            "Code suggestions are being computed for the uncoded "
            "comments; coders see them beside each comment.",
        )
