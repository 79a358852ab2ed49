"""Reads of a relationship and what it holds.

A mentorship itself (status, checklist states, counts) reaches its mentor, its mentee and the
coordinators of its program. Its content (meetings, notes, goals, agreement text) reaches the
pair only; a development plan reaches its mentee, their mentors once shared, and coordinators
only if the mentee shares it with them. Private notes are read by author only, in the views.
A coordinator role or an enrolment past its end date (`expires_on`) reaches nothing here.
"""

from __future__ import annotations

from typing import TypeVar

from django.contrib.auth.models import User
from django.db.models import Exists, Model, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from mentora.mentorships.models import ActionItem, DevelopmentPlan, Goal, Meeting, Mentorship
from mentora.people.models import Person
from mentora.people.roles import person_of
from mentora.programs.access import coordinated_by, lapsed_cohorts

_Row = TypeVar("_Row", bound=Model)


def _lapsed(me: Person | None, path: str = "") -> Q:
    """Rows of cohorts where the person's own enrolment reached its end date."""
    return Q(**{f"{path}cohort__in": lapsed_cohorts(me, timezone.localdate())})


def mentorships_for(user: User) -> QuerySet[Mentorship]:
    if user.is_superuser:
        return Mentorship.objects.all()
    reach = Q(cohort__program__in=coordinated_by(user))
    me = person_of(user)
    if me is not None:
        reach |= (Q(mentor=me) | Q(mentee=me)) & ~_lapsed(me)
    return Mentorship.objects.filter(reach).distinct()


def access_mentorship(user: User, mentorship_id: int) -> Mentorship:
    try:
        return (
            mentorships_for(user)
            .select_related("mentor", "mentee", "cohort__program")
            .get(pk=mentorship_id)
        )
    except Mentorship.DoesNotExist:
        raise Http404("No such mentorship") from None


def is_party(user: User, mentorship: Mentorship) -> bool:
    """True for the mentor and the mentee: the only ones who see a pair's shared content."""
    me = person_of(user)
    return me is not None and me.pk in (mentorship.mentor_id, mentorship.mentee_id)


def access_pair(user: User, mentorship_id: int) -> Mentorship:
    """A mentorship whose shared content the user may read and write: its mentor or mentee."""
    pair = access_mentorship(user, mentorship_id)
    if not is_party(user, pair):
        raise Http404("No such mentorship")
    return pair


def meetings_for(user: User) -> QuerySet[Meeting]:
    """Meetings of the pairs the user belongs to. Coordinators count meetings, never open them."""
    me = person_of(user)
    if me is None:
        return Meeting.objects.none()
    mine = Meeting.objects.filter(Q(mentor=me) | Q(mentorships__mentee=me))
    return mine.exclude(_lapsed(me, "mentorships__")).distinct()


def access_meeting(user: User, meeting_id: int) -> Meeting:
    try:
        return meetings_for(user).select_related("mentor").get(pk=meeting_id)
    except Meeting.DoesNotExist:
        raise Http404("No such meeting") from None


def _of_my_pairs_q(me: Person) -> Q:
    """Rows whose mentorship the person is the mentor or mentee of, in a cohort they are
    still enrolled in."""
    return (Q(mentorship__mentor=me) | Q(mentorship__mentee=me)) & ~_lapsed(me, "mentorship__")


def _of_my_pairs(user: User, queryset: QuerySet[_Row], pk: int, what: str) -> _Row:
    """One row of `queryset` whose mentorship the user is the mentor or mentee of, else 404."""
    me = person_of(user)
    row = queryset.filter(_of_my_pairs_q(me), pk=pk).first() if me is not None else None
    if row is None:
        raise Http404(f"No such {what}")
    return row


def goals_for(user: User) -> QuerySet[Goal]:
    """The goals of the user's own pairs (what access_goal opens one at a time)."""
    me = person_of(user)
    if me is None:
        return Goal.objects.none()
    return Goal.objects.filter(_of_my_pairs_q(me))


def access_goal(user: User, goal_id: int) -> Goal:
    goals = Goal.objects.select_related("mentorship__cohort__program")
    return _of_my_pairs(user, goals, goal_id, "goal")


def access_action_item(user: User, item_id: int) -> ActionItem:
    items = ActionItem.objects.select_related("mentorship")
    return _of_my_pairs(user, items, item_id, "action item")


def plans_for(user: User) -> QuerySet[DevelopmentPlan]:
    """Plans the user may read: their own; their mentees' once shared; a coordinator's only
    when the mentee chose to share it with the program."""
    me = person_of(user)
    shared = [DevelopmentPlan.Status.SHARED, DevelopmentPlan.Status.REVIEWED]
    reach = Q(
        shared_with_coordinators=True, status__in=shared,
        cohort__program__in=coordinated_by(user),
    )
    if me is not None:
        reach |= Q(mentee=me) & ~_lapsed(me)
        mentors_it = Mentorship.objects.filter(
            mentor=me,
            mentee=OuterRef("mentee"),
            cohort=OuterRef("cohort"),
            status=Mentorship.Status.ACTIVE,
        )
        reach |= Q(Exists(mentors_it)) & Q(status__in=shared) & ~_lapsed(me)
    return DevelopmentPlan.objects.filter(reach).distinct()


def access_plan(user: User, plan_id: int) -> DevelopmentPlan:
    try:
        return plans_for(user).select_related("mentee", "cohort__program", "template").get(
            pk=plan_id
        )
    except DevelopmentPlan.DoesNotExist:
        raise Http404("No such development plan") from None
