"""Reads of a mentorship: its mentor, its mentee, and the coordinators of its program."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from mentora.mentorships.models import Mentorship
from mentora.people.roles import person_of


def mentorships_for(user: Any) -> QuerySet[Mentorship]:
    if user.is_superuser:
        return Mentorship.objects.all()
    reach = Q(cohort__program__coordinators=user)
    me = person_of(user)
    if me is not None:
        reach |= Q(mentor=me) | Q(mentee=me)
    return Mentorship.objects.filter(reach).distinct()


def access_mentorship(user: Any, mentorship_id: int) -> Mentorship:
    try:
        return (
            mentorships_for(user)
            .select_related("mentor", "mentee", "cohort__program")
            .get(pk=mentorship_id)
        )
    except Mentorship.DoesNotExist:
        raise Http404("No such mentorship") from None


def is_party(user: Any, mentorship: Mentorship) -> bool:
    """True for the mentor and the mentee: the only ones who see a pair's shared content."""
    me = person_of(user)
    return me is not None and me.pk in (mentorship.mentor_id, mentorship.mentee_id)
