"""Who reaches a cohort's report, and how much of it.

Coordinators of the cohort's program and site admins see the whole report and manage the
scholarly entries (which name people). Evaluators (Person.is_evaluator) see the report of any
cohort, de-identified: aggregates only, no names, no entry lists. Everyone else gets a 404.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from mentora.evaluation.models import ScholarlyEntry
from mentora.people.auth import AnyUser
from mentora.people.roles import is_live_evaluator, person_of
from mentora.programs.access import access_cohort, programs_for
from mentora.programs.models import Cohort


@dataclass(frozen=True)
class ReportAccess:
    cohort: Cohort
    identified: bool  # may see who is who (coordinators, admins); False for evaluators


def is_evaluator(user: AnyUser) -> bool:
    """An evaluator right past its end date (Person.evaluator_expires_on) grants nothing."""
    return is_live_evaluator(person_of(user), timezone.localdate())


def access_report(user: User, cohort_id: int) -> ReportAccess:
    try:
        return ReportAccess(access_cohort(user, cohort_id), identified=True)
    except Http404:
        if not is_evaluator(user):
            raise
    try:
        cohort = Cohort.objects.select_related("program").get(pk=cohort_id)
    except Cohort.DoesNotExist:
        raise Http404("No such cohort") from None
    return ReportAccess(cohort, identified=False)


def reportable_cohorts(user: User) -> QuerySet[Cohort]:
    """The cohorts whose report the user may open (as access_report allows): every cohort for
    an evaluator, else those of the programs the user coordinates."""
    cohorts = Cohort.objects.select_related("program")
    if is_evaluator(user):
        return cohorts.all()
    return cohorts.filter(program__in=programs_for(user))


def access_scholarship(user: User, cohort_id: int) -> Cohort:
    """The cohort whose people's scholarly entries the user may list and edit (names shown)."""
    return access_cohort(user, cohort_id)


def access_entry(user: User, cohort_id: int, entry_id: int) -> ScholarlyEntry:
    cohort = access_scholarship(user, cohort_id)
    try:
        return ScholarlyEntry.objects.get(pk=entry_id, person__enrolments__cohort=cohort)
    except ScholarlyEntry.DoesNotExist:
        raise Http404("No such entry") from None
