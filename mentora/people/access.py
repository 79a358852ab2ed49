"""Reads of a person's profile: themselves, their coordinators, the other side of their pairs."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from mentora.people.auth import AnyUser
from mentora.people.models import Person
from mentora.people.roles import person_of
from mentora.programs.access import coordinated_by, lapsed_cohorts
from mentora.programs.models import Cohort

NO_PERSON = "Your account is not linked to a person in Mentora"


def access_me(user: AnyUser) -> Person:
    """The signed-in person, for pages that act as them; 404 for an account with no person
    (a site admin, say), with one message wherever it happens."""
    me = person_of(user)
    if me is None:
        raise Http404(NO_PERSON)
    return me


def people_for(user: User) -> QuerySet[Person]:
    if user.is_superuser:
        return Person.objects.all()
    me = person_of(user)
    reach = Q(enrolments__cohort__program__in=coordinated_by(user))
    if me is not None:
        # the other side of a pair reaches only while my enrolment in its cohort has not ended
        kept = Cohort.objects.exclude(pk__in=lapsed_cohorts(me, timezone.localdate()))
        reach |= Q(pk=me.pk)
        reach |= Q(mentorships_as_mentor__mentee=me, mentorships_as_mentor__status="active",
                   mentorships_as_mentor__cohort__in=kept)
        reach |= Q(mentorships_as_mentee__mentor=me, mentorships_as_mentee__status="active",
                   mentorships_as_mentee__cohort__in=kept)
    return Person.objects.filter(reach).distinct()


def access_person(user: User, person_id: int) -> Person:
    try:
        return people_for(user).get(pk=person_id)
    except Person.DoesNotExist:
        raise Http404("No such person") from None
