from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from mentora.core.next_steps import next_steps
from mentora.mentorships.models import Mentorship
from mentora.people.roles import person_of, roles_of
from mentora.programs.access import programs_for
from mentora.programs.models import Enrollment


def _program_rows(request: HttpRequest) -> list[object]:
    active = ~Q(cohorts__enrollments__status=Enrollment.Status.WITHDRAWN)
    return list(
        programs_for(request.user).annotate(
            mentees=Count(
                "cohorts__enrollments",
                filter=active & Q(cohorts__enrollments__role__in=["mentee", "both"]),
            ),
            mentors=Count(
                "cohorts__enrollments",
                filter=active & Q(cohorts__enrollments__role__in=["mentor", "both"]),
            ),
            cohort_count=Count("cohorts", distinct=True),
        )
    )


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """One page that fits whoever signs in: mentee, mentor, coordinator, or several at once."""
    me = person_of(request.user)
    live = [Mentorship.Status.ACTIVE, Mentorship.Status.PROPOSED]
    context = {
        "me": me,
        "next_steps": next_steps(me, timezone.localdate()) if me else [],
        "roles": roles_of(request.user),
        "programs": _program_rows(request),
        "my_mentors": Mentorship.objects.filter(mentee=me, status__in=live).select_related(
            "mentor", "cohort__program"
        )
        if me
        else [],
        "my_mentees": Mentorship.objects.filter(mentor=me, status__in=live).select_related(
            "mentee", "cohort__program"
        )
        if me
        else [],
        "enrollments": me.enrollments.select_related("cohort__program") if me else [],
    }
    return render(request, "core/home.html", context)
