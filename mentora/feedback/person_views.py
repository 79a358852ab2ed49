"""A mentor's own dossier (page and DOCX; every read audited) and a learner's competency
evidence in one relationship (the learner and the mentor)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from mentora.audit.record import Action, record
from mentora.feedback.dossier import NO_TRAINING, dossier_docx, dossier_of, observations_sentence
from mentora.feedback.mapping import evidence_for
from mentora.mentorships.access import access_pair
from mentora.people.access import access_me
from mentora.people.auth import AuthenticatedHttpRequest

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


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


@login_required
def pair_competencies(request: AuthenticatedHttpRequest, mentorship_id: int) -> HttpResponse:
    """The learner's evidence toward each competency item of the program, in this pair."""
    pair = access_pair(request.user, mentorship_id)
    me = access_me(request.user)
    if me.pk not in (pair.mentor_id, pair.mentee_id):
        raise Http404("No such mentorship")
    rows = evidence_for(pair)
    return render(request, "feedback/competencies.html", {
        "pair": pair, "rows": [row for row in rows if row.any],
        "unevidenced": [row.competency for row in rows if not row.any],
    })
