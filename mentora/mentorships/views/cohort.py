"""The coordinator's view of a cohort's relationships: checklist states and counts, no content."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from mentora.core.pagination import page_of
from mentora.mentorships.actions import rematch_requests
from mentora.mentorships.progress import measures_for
from mentora.mentorships.pure import STEPS, cohort_measures
from mentora.people.auth import AuthenticatedHttpRequest
from mentora.programs.access import access_cohort


@login_required
def cohort_relationships(request: AuthenticatedHttpRequest, cohort_id: int) -> HttpResponse:
    cohort = access_cohort(request.user, cohort_id)
    pairs = list(
        cohort.mentorships.select_related(
            "mentor", "mentee", "cohort__program", "agreement"
        ).order_by("mentee__full_name", "role", "pk")
    )
    # The summary counts every pair; the table shows a page of them.
    measures = measures_for(pairs, timezone.localdate())
    summary = cohort_measures(list(measures.values()))
    rows = page_of(request, [(pair, measures[pair.pk]) for pair in pairs])
    return render(
        request,
        "mentorships/cohort_relationships.html",
        {
            "cohort": cohort,
            "rows": rows,
            "summary": summary,
            "steps": STEPS,
            "step_rows": [(step, summary.steps[step]) for step in STEPS],
            "rematch": rematch_requests(cohort),
        },
    )
