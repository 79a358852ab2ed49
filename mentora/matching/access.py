"""Reads of the match workflow: runs reach the cohort's coordinators and site admins only;
the browse pages reach the people enrolled in that cohort. Anything else is a 404."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from mentora.matching.adapter import LIVE
from mentora.matching.models import MatchRequest, MatchRun
from mentora.people.roles import person_of
from mentora.programs.access import lapsed_cohorts, programs_for
from mentora.programs.models import Enrolment, live_on


def access_run(user: User, run_id: int) -> MatchRun:
    try:
        return MatchRun.objects.select_related("cohort__program", "block").get(
            pk=run_id, cohort__program__in=programs_for(user)
        )
    except MatchRun.DoesNotExist:
        raise Http404("No such match run") from None


def access_my_enrolment(user: User, cohort_id: int) -> Enrolment:
    """The signed-in person's own live enrolment in a cohort (not past its end date)."""
    me = person_of(user)
    try:
        return Enrolment.objects.select_related("cohort__program", "person", "tier").get(
            live_on(timezone.localdate()), cohort_id=cohort_id, person=me, status__in=LIVE
        )
    except Enrolment.DoesNotExist:
        raise Http404("You are not enrolled in this cohort") from None


def access_match_request(user: User, match_request_id: int) -> MatchRequest:
    """A match request reaches the mentee and the mentor it names, nobody else; not once the
    person's enrolment in its cohort has reached its end date."""
    me = person_of(user)
    if me is None:
        raise Http404("No such request")
    try:
        mine = MatchRequest.objects.exclude(cohort__in=lapsed_cohorts(me, timezone.localdate()))
        return mine.select_related("cohort__program", "mentee", "mentor").get(
            Q(mentee=me) | Q(mentor=me), pk=match_request_id
        )
    except MatchRequest.DoesNotExist:
        raise Http404("No such request") from None
