"""A mentor's own dossier (page and DOCX; every read audited) and a learner's competency
evidence in one relationship (the learner and the mentor)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from mentora.audit.record import Action, record
from mentora.core.forms import SafeForm
from mentora.core.text import whole_number
from mentora.feedback.dossier import NO_TRAINING, dossier_docx, dossier_of, observations_sentence
from mentora.feedback.mapping import (
    MappingError,
    do_tag_reflection,
    do_untag_reflection,
    evidence_for,
    reflections_in,
)
from mentora.feedback.models import ReflectionCompetency
from mentora.feedback.program_views import OneCompetency
from mentora.mentorships.access import access_pair
from mentora.mentorships.models import Competency, Reflection, competencies_for
from mentora.people.access import access_me
from mentora.people.auth import AuthenticatedHttpRequest

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class ReflectionChoice(forms.ModelChoiceField[Reflection]):
    """A reflection named by its meeting's date and its first words."""

    def label_from_instance(self, obj: Any) -> str:
        words = obj.learned.split()
        start = " ".join(words[:8]) + (" …" if len(words) > 8 else "")
        return f"After the meeting of {obj.meeting.on:%Y-%m-%d}: {start}"


@login_required
def dossier(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The signed-in mentor's own dossier: no id in the address, nobody else's to open."""
    me = access_me(request.user)
    found = dossier_of(me)
    record(Action.READ, me, note="mentor dossier")
    return render(request, "feedback/dossier.html", {
        "dossier": found, "observations": observations_sentence(found),
        "no_training": NO_TRAINING,
    })


@login_required
def dossier_download(request: AuthenticatedHttpRequest) -> HttpResponse:
    me = access_me(request.user)
    data = dossier_docx(dossier_of(me), timezone.localdate())
    record(Action.EXPORT, me, note="mentor dossier, downloaded as docx")
    response = HttpResponse(data, content_type=DOCX)
    response["Content-Disposition"] = 'attachment; filename="mentoring-dossier.docx"'
    return response


class ReflectionTagForm(SafeForm):
    reflection = ReflectionChoice(queryset=Reflection.objects.none(), label="Your reflection")
    competency = OneCompetency(queryset=Competency.objects.none(), label="Competency")


@login_required
@require_http_methods(["GET", "POST"])
def pair_competencies(request: AuthenticatedHttpRequest, mentorship_id: int) -> HttpResponse:
    """The learner's evidence toward each competency item of the program, in this pair; the
    learner tags their reflections here."""
    pair = access_pair(request.user, mentorship_id)
    me = access_me(request.user)
    if me.pk not in (pair.mentor_id, pair.mentee_id):
        raise Http404("No such mentorship")
    is_learner = me.pk == pair.mentee_id
    post = request.POST if request.method == "POST" else None
    if post is not None and not is_learner:
        raise Http404("No such mentorship")  # the tags are the learner's own
    mine = reflections_in(pair).select_related("meeting")
    form = ReflectionTagForm(post if post and post.get("action") != "untag" else None)
    form.fields["reflection"].queryset = mine  # type: ignore[attr-defined]
    form.fields["competency"].queryset = competencies_for(  # type: ignore[attr-defined]
        pair.cohort.program)
    if post is not None:
        try:
            if post.get("action") == "untag":
                tag = whole_number(post.get("id", "").strip(), most_digits=18)
                if tag is None:
                    raise MappingError("Nothing chosen to remove.")
                do_untag_reflection(me, pair, tag)
                messages.success(request, "Removed.")
                return redirect("pair_competencies", pair.pk)
            if form.is_valid():
                do_tag_reflection(me, pair, form.cleaned_data["reflection"],
                                  form.cleaned_data["competency"], timezone.now())
                messages.success(request, "Tagged.")
                return redirect("pair_competencies", pair.pk)
        except MappingError as refused:
            if post.get("action") == "untag":
                messages.error(request, str(refused))
                return redirect("pair_competencies", pair.pk)
            form.add_error(None, str(refused))
    rows = evidence_for(pair)
    return render(request, "feedback/competencies.html", {
        "pair": pair, "rows": [row for row in rows if row.any],
        "unevidenced": [row.competency for row in rows if not row.any],
        "is_learner": is_learner, "form": form,
        "tags": ReflectionCompetency.objects.filter(reflection__in=mine).select_related(
            "reflection__meeting", "competency__framework") if is_learner else [],
        "has_reflections": is_learner and mine.exists(),
    }, status=400 if post is not None else 200)
