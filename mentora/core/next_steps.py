"""What a person should do next, gathered from every part of the product for the home page.

Each source answers a few steps with a date; the home page shows the soonest first. Only the
person's own things are read: their survey links, their meetings, their action items, the
agreements waiting for their signature and the plans their mentees shared with them.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from django.db.models import Exists, F, OuterRef, Q
from django.urls import reverse

from mentora.mentorships.models import ActionItem, Agreement, DevelopmentPlan, Meeting, Mentorship
from mentora.people.models import Person
from mentora.surveys.links import token_for
from mentora.surveys.models import Invitation

PER_SOURCE = 3


@dataclass(frozen=True)
class NextStep:
    text: str
    url: str
    when: date | None = None
    overdue: bool = False


def _surveys(person: Person, today: date) -> list[NextStep]:
    open_links = (
        Invitation.objects.filter(
            person=person,
            used_at__isnull=True,
            wave__opens_on__lte=today,
            wave__closes_on__gte=today,
        )
        .select_related("wave__instrument")
        .order_by("wave__closes_on", "pk")
    )
    return [
        NextStep(
            f"Answer the survey “{i.wave.instrument.title}” ({i.wave.label})",
            reverse("survey_respond", args=[token_for(i.nonce)]),
            i.wave.closes_on,
        )
        for i in open_links[:PER_SOURCE]
    ]


def _meetings(person: Person, today: date) -> list[NextStep]:
    # The meetings the person leads, and those of the pairs they are the mentee of: two indexed
    # reads in one UNION. An OR across the join would read every scheduled meeting of the site.
    coming = Meeting.objects.filter(status=Meeting.Status.SCHEDULED, on__gte=today).annotate(
        mentor_name=F("mentor__full_name")
    )
    mine = (
        coming.filter(mentor=person)
        .order_by()
        .union(coming.filter(mentorships__mentee=person).order_by())
        .order_by("on", "pk")
    )
    return [
        NextStep(
            "Meeting" + ("" if m.mentor_id == person.pk else f" with {m.mentor_name}"),
            reverse("meeting", args=[m.pk]),
            m.on,
        )
        for m in mine[:PER_SOURCE]
    ]


def _action_items(person: Person) -> list[NextStep]:
    # Soonest due first in SQL (undated last on every database), so the slice keeps the soonest.
    open_items = ActionItem.objects.filter(owner=person, done_on__isnull=True).order_by(
        F("due_on").asc(nulls_last=True), "pk"
    )
    return [
        NextStep(item.text, reverse("mentorship", args=[item.mentorship_id]), item.due_on)
        for item in open_items[:PER_SOURCE]
    ]


def _signatures(person: Person) -> list[NextStep]:
    live = Q(mentorship__status=Mentorship.Status.ACTIVE)
    waiting = Agreement.objects.filter(
        live
        & (
            Q(mentorship__mentor=person, mentor_signed_at__isnull=True)
            | Q(mentorship__mentee=person, mentee_signed_at__isnull=True)
        )
    )
    return [
        NextStep("Sign your mentoring agreement", reverse("agreement", args=[a.mentorship_id]))
        for a in waiting[:PER_SOURCE]
    ]


def _plans_to_review(person: Person) -> list[NextStep]:
    # As in plans_for: the plan of a mentee the person mentors in that plan's cohort.
    mentors_it = Mentorship.objects.filter(
        mentor=person,
        mentee=OuterRef("mentee"),
        cohort=OuterRef("cohort"),
        status=Mentorship.Status.ACTIVE,
    )
    shared = DevelopmentPlan.objects.filter(
        Exists(mentors_it), status=DevelopmentPlan.Status.SHARED
    ).select_related("mentee")
    return [
        NextStep(f"Review {plan.mentee.full_name}'s development plan", plan.get_absolute_url())
        for plan in shared[:PER_SOURCE]
    ]


def next_steps(person: Person, today: date, limit: int = 6) -> list[NextStep]:
    """The person's next things to do, soonest first; undated ones after the dated."""
    steps = [
        *_surveys(person, today),
        *_meetings(person, today),
        *_action_items(person),
        *_signatures(person),
        *_plans_to_review(person),
    ]
    soonest = sorted(steps, key=lambda step: step.when or date.max)[:limit]
    return [replace(s, overdue=s.when is not None and s.when < today) for s in soonest]
