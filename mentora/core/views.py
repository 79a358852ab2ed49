from __future__ import annotations

import logging

from django.contrib.auth.decorators import login_not_required, login_required
from django.db import DatabaseError, connection
from django.db.models import Count
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from mentora.core.next_steps import next_steps
from mentora.core.pagination import Pages, page_of
from mentora.engagement.at_risk import flagged_cohorts
from mentora.evaluation.access import is_evaluator, reportable_cohorts
from mentora.evaluation.sources import last_updates
from mentora.mentorships.models import Mentorship
from mentora.people.auth import AuthenticatedHttpRequest
from mentora.people.roles import person_of
from mentora.programs.access import programs_for
from mentora.programs.actions import enrolment_counts
from mentora.programs.models import Cohort, Enrolment, Program

logger = logging.getLogger(__name__)


def _program_rows(request: AuthenticatedHttpRequest) -> Pages[Program]:
    """The programs this user coordinates (a page of them), each with its mentee and mentor
    counts."""
    programs: Pages[Program] = page_of(
        request,
        programs_for(request.user).annotate(cohort_count=Count("cohorts")).order_by("name", "pk"),
        "programs",
    )
    counts = enrolment_counts(
        Enrolment.objects.filter(cohort__program__in=list(programs)), by="cohort__program_id"
    )
    for program in programs:
        mine = counts.get(program.pk, {})
        program.mentees = mine.get("mentees", 0)  # type: ignore[attr-defined]
        program.mentors = mine.get("mentors", 0)  # type: ignore[attr-defined]
    return programs


def _report_rows(request: AuthenticatedHttpRequest) -> Pages[Cohort]:
    """For an evaluator: a page of the cohorts whose report they may open, newest first, each
    with the day of its last recorded activity."""
    cohorts: Pages[Cohort] = page_of(
        request,
        reportable_cohorts(request.user).order_by("-starts_on", "program__name", "pk"),
        "reports",
    )
    latest = last_updates(cohorts)
    for cohort in cohorts:
        cohort.last_update = latest.get(cohort.pk)  # type: ignore[attr-defined]
    return cohorts


@login_required
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    """One page that fits whoever signs in: mentee, mentor, coordinator, or several at once."""
    me = person_of(request.user)
    live = [Mentorship.Status.ACTIVE, Mentorship.Status.PROPOSED]
    programs = _program_rows(request)
    context = {
        "me": me,
        "next_steps": next_steps(me, timezone.localdate()) if me else [],
        # "roles" comes from the navigation context processor, read once per page.
        "programs": programs,
        "flagged": flagged_cohorts(programs_for(request.user)) if programs.total else [],
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
        "reports": _report_rows(request) if is_evaluator(request.user) else [],
        "enrolments": me.enrolments.select_related("cohort__program") if me else [],
    }
    return render(request, "core/home.html", context)


@login_not_required
@never_cache
@require_safe
def health(request: HttpRequest) -> JsonResponse:
    """For load balancers and monitors: one `SELECT 1`, no session, no sign-in.

    The body names only the kind of failure; the details (hosts, users) go to the log.
    """
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        logger.warning("Health check: the database is unreachable: %s", error)
        reason = f"unreachable ({type(error).__name__})"
        return JsonResponse({"status": "error", "database": reason}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})
