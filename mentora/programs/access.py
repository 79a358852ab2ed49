"""Every read of a program or cohort goes through here; anything out of reach is a 404.

A coordinator role whose `expires_on` has come grants nothing (ProgramCoordinator)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from mentora.people.models import Person
from mentora.programs.models import Cohort, Enrolment, Program, ProgramCoordinator, live_on


def coordinated_by(user: User) -> QuerySet[Program]:
    """The programs in which the user holds a live coordinator role today (a site admin's
    superuser flag aside): the one place other reads ask who coordinates what."""
    live = ProgramCoordinator.objects.filter(live_on(timezone.localdate()), user=user)
    return Program.objects.filter(pk__in=live.values("program_id"))


def lapsed_cohorts(person: Person | None, today: date) -> QuerySet[Enrolment, Any]:
    """The cohorts (a values query of `cohort_id`, for `cohort__in=`) where the person's enrolment
    has reached its end date: their mentor's or mentee's rights there are gone."""
    return Enrolment.objects.filter(person=person, expires_on__lte=today).values("cohort_id")


def programs_for(user: User) -> QuerySet[Program]:
    """The programs a user coordinates (all of them for a site admin)."""
    if user.is_superuser:
        return Program.objects.all()
    return coordinated_by(user)


def access_program(user: User, program_id: int) -> Program:
    try:
        return programs_for(user).get(pk=program_id)
    except Program.DoesNotExist:
        raise Http404("No such program") from None


def access_cohort(user: User, cohort_id: int) -> Cohort:
    try:
        return Cohort.objects.select_related("program").get(
            pk=cohort_id, program__in=programs_for(user)
        )
    except Cohort.DoesNotExist:
        raise Http404("No such cohort") from None


def access_enrolment(user: User, enrolment_id: int) -> Enrolment:
    try:
        return Enrolment.objects.select_related("cohort__program", "person").get(
            pk=enrolment_id, cohort__program__in=programs_for(user)
        )
    except Enrolment.DoesNotExist:
        raise Http404("No such enrolment") from None
