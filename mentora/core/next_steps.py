"""What a person should do next, gathered from every part of the product for the home page.

Each source answers a few steps with a date; the home page shows the soonest first. Only the
person's own things are read: their survey links, their meetings, their action items, the
agreements waiting for their signature and the plans their mentees shared with them.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from django.db.models import Count, Exists, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from mentora.core.text import plural
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
    # The person's own window in a wave timed per person, else the wave's: the days her link
    # answers (mentora.surveys.links), so a step never leads to "This survey has closed".
    open_links = (
        Invitation.objects.filter(person=person, used_at__isnull=True)
        .annotate(
            window_opens=Coalesce("opens_on", "wave__opens_on"),
            window_closes=Coalesce("closes_on", "wave__closes_on"),
        )
        .filter(window_opens__lte=today, window_closes__gte=today)
        .select_related("wave__instrument")
        .order_by("window_closes", "pk")
    )
    return [
        NextStep(
            f"Answer the survey “{i.wave.instrument.title}” ({i.wave.label})",
            reverse("survey_respond", args=[token_for(i.nonce)]),
            i.window_closes,
        )
        for i in open_links[:PER_SOURCE]
    ]


def _with_mentees(meeting: Meeting) -> str:
    """'Maya Mentee', or 'Maya Mentee and 2 others' for a group meeting."""
    others = meeting.mentee_count - 1  # type: ignore[attr-defined]
    name: str = meeting.first_mentee  # type: ignore[attr-defined]
    return f"{name} and {plural(others, 'other', 'others')}" if others > 0 else name


def _meeting_text(meeting: Meeting, person: Person) -> str:
    """Who the meeting is with: the mentor for a mentee, the mentees for the mentor."""
    if meeting.mentor_id != person.pk:
        return f"Meeting with {meeting.mentor_name}"  # type: ignore[attr-defined]
    group = meeting.mentee_count > 1  # type: ignore[attr-defined]
    return f"{'Group meeting' if group else 'Meeting'} with {_with_mentees(meeting)}"


def _day_of(meeting: Meeting) -> date:
    """The meeting's day on the viewer's clock (a timed meeting's may differ from the site's)."""
    starts = meeting.starts
    return meeting.on if starts is None else timezone.localdate(starts)


def _meetings(person: Person, today: date) -> list[NextStep]:
    # The meetings the person leads, and those of the pairs they are the mentee of: two indexed
    # reads in one UNION. An OR across the join would read every scheduled meeting of the site.
    # Who each is with comes in the same query: the mentor's name, the first mentee's and how
    # many mentees (a group meeting has several).
    pairs = Mentorship.objects.filter(meetings=OuterRef("pk"))
    coming = Meeting.objects.filter(status=Meeting.Status.SCHEDULED, on__gte=today).annotate(
        mentor_name=F("mentor__full_name"),
        first_mentee=Subquery(
            pairs.order_by("mentee__full_name", "pk").values("mentee__full_name")[:1]
        ),
        mentee_count=Subquery(
            pairs.order_by().values("meetings").annotate(n=Count("pk")).values("n")[:1]
        ),
    )
    mine = (
        coming.filter(mentor=person)
        .order_by()
        .union(coming.filter(mentorships__mentee=person).order_by())
        .order_by("on", "pk")
    )
    return [
        NextStep(_meeting_text(m, person), reverse("meeting", args=[m.pk]), _day_of(m))
        for m in mine[:PER_SOURCE]
    ]


def _action_items(person: Person) -> list[NextStep]:
    # Soonest due first in SQL (undated last on every database), so the slice keeps the soonest.
    open_items = (
        ActionItem.objects.filter(owner=person, done_on__isnull=True)
        .select_related("mentorship__mentor", "mentorship__mentee")
        .order_by(F("due_on").asc(nulls_last=True), "pk")
    )
    return [
        NextStep(
            f"{item.text} (with {_other_side(item.mentorship, person).full_name})",
            reverse("mentorship", args=[item.mentorship_id]),
            item.due_on,
        )
        for item in open_items[:PER_SOURCE]
    ]


def _other_side(pair: Mentorship, person: Person) -> Person:
    """The mentee for the pair's mentor, the mentor for anyone else."""
    return pair.mentee if pair.mentor_id == person.pk else pair.mentor


def _signatures(person: Person) -> list[NextStep]:
    live = Q(mentorship__status=Mentorship.Status.ACTIVE)
    waiting = (
        Agreement.objects.filter(
            live
            & (
                Q(mentorship__mentor=person, mentor_signed_at__isnull=True)
                | Q(mentorship__mentee=person, mentee_signed_at__isnull=True)
            )
        )
        .select_related("mentorship__mentor", "mentorship__mentee")
        .order_by("pk")
    )
    return [
        NextStep(
            "Sign your mentoring agreement with "
            f"{_other_side(a.mentorship, person).full_name}",
            reverse("agreement", args=[a.mentorship_id]),
        )
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
