from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from mentora.mentorships.access import access_mentorship, is_party


@login_required
def mentorship(request: HttpRequest, mentorship_id: int) -> HttpResponse:
    pair = access_mentorship(request.user, mentorship_id)
    return render(
        request,
        "mentorships/mentorship.html",
        {"pair": pair, "is_party": is_party(request.user, pair)},
    )
