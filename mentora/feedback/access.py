"""Who reaches an observation or a procedure entry: the learner and the observer (the
supervisor) while enrolled in the cohort; coordinators see counts only, in no view here;
anyone else gets 404."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from mentora.feedback.firewall import with_assessor_flag
from mentora.feedback.models import MiniCex, ProcedureEntry
from mentora.people.roles import person_of
from mentora.programs.access import lapsed_cohorts


def _mine(user: User, observer: str) -> Q | None:
    me = person_of(user)
    if me is None:
        return None
    lapsed = lapsed_cohorts(me, timezone.localdate())
    return (Q(learner=me) | Q(**{observer: me})) & ~Q(mentorship__cohort__in=lapsed)


def observations_for(user: User) -> QuerySet[MiniCex]:
    reach = _mine(user, "observer")
    return MiniCex.objects.none() if reach is None else MiniCex.objects.filter(reach)


def access_observation(user: User, observation_id: int) -> MiniCex:
    found = with_assessor_flag(observations_for(user)).select_related(
        "mentorship__cohort", "observer", "learner")
    try:
        return found.get(pk=observation_id)
    except MiniCex.DoesNotExist:
        raise Http404("No such observation") from None


def procedures_for(user: User) -> QuerySet[ProcedureEntry]:
    reach = _mine(user, "supervisor")
    return ProcedureEntry.objects.none() if reach is None else ProcedureEntry.objects.filter(reach)


def access_procedure(user: User, entry_id: int) -> ProcedureEntry:
    found = procedures_for(user).select_related("mentorship__cohort", "supervisor", "learner")
    try:
        return found.get(pk=entry_id)
    except ProcedureEntry.DoesNotExist:
        raise Http404("No such procedure entry") from None
