"""Survey waves timed per person: "at start", "after 12 weeks", "6 months after the end".

A timed wave says when each person's own window opens, relative to their own start or end
(mentora.programs.timing), and how many days it lasts. The reminder step (mentora.engagement)
calls `invite_due(now)`: everyone whose window holds today and who has no invitation yet is
found in SQL and invited through the outbox, with their own window on the invitation; their
reminders then follow that window. Response rates and the paired pre/post read invitations and
responses per person, so each person counts in their own waves.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from mentora.core.text import plural
from mentora.programs.models import Cohort, Enrolment
from mentora.programs.timing import end_expression, end_of, start_expression, start_of
from mentora.surveys.links import new_invitation
from mentora.surveys.models import Invitation, Wave

INVITED_ROLES = (Enrolment.Role.MENTEE, Enrolment.Role.BOTH)  # a timed wave asks the mentees


def describe(anchor: str, offset_days: int, window_days: int) -> str:
    """A timed wave's timing in words: "6 months after the end, open 14 days"."""
    where = "the start" if anchor == Wave.Anchor.START else "the end"
    if offset_days == 0:
        when = f"at {where}"
    else:
        side = "after" if offset_days > 0 else "before"
        when = f"{_span(abs(offset_days))} {side} {where}"
    return f"{when} of each person's part, open {plural(window_days, 'day', 'days')}"


def _span(days: int) -> str:
    if days % 7 == 0:
        return plural(days // 7, "week", "weeks")
    return plural(days, "day", "days")


def window_of(wave: Wave, enrolment: Enrolment) -> tuple[date, date]:
    """The days this person may answer this timed wave."""
    anchor = start_of(enrolment) if wave.anchor == Wave.Anchor.START else end_of(enrolment)
    opens = anchor + timedelta(days=wave.offset_days)
    return opens, opens + timedelta(days=wave.window_days - 1)


def span(cohort: Cohort, offset_days: int, window_days: int) -> tuple[date, date]:
    """The days any person's window of a timed wave may fall on: everyone's start and end lie
    within the cohort's dates."""
    opens = cohort.starts_on + timedelta(days=offset_days)
    closes = cohort.ends_on + timedelta(days=offset_days + window_days - 1)
    return opens, closes


def due_enrolments(wave: Wave, today: date) -> QuerySet[Enrolment]:
    """Who should hold an invitation to this timed wave on `today` and does not yet, in SQL.

    A person's window holds today when anchor + offset <= today <= anchor + offset + window - 1,
    that is when their anchor day lies in a range fixed by today alone.
    """
    anchor = start_expression() if wave.anchor == Wave.Anchor.START else end_expression()
    latest = today - timedelta(days=wave.offset_days)
    earliest = latest - timedelta(days=wave.window_days - 1)
    return (
        Enrolment.objects.filter(cohort_id=wave.cohort_id, role__in=INVITED_ROLES)
        .exclude(status=Enrolment.Status.WITHDRAWN)
        .alias(anchor_day=anchor)
        .filter(anchor_day__range=(earliest, latest))
        .exclude(person__survey_invitations__wave=wave)
        .select_related("person", "cohort")
        .order_by("pk")
    )


def invite_due(now: datetime) -> int:
    """Invite, through the outbox, everyone whose window of a timed wave holds `now`'s day;
    returns how many were invited. Planning again at once invites nobody twice."""
    today = timezone.localdate(now)
    waves = Wave.objects.exclude(anchor="").filter(opens_on__lte=today, closes_on__gte=today)
    invited = 0
    for wave_id in waves.values_list("pk", flat=True).order_by("pk"):
        invited += len(invite_wave(wave_id, now, today))
    return invited


@transaction.atomic
def invite_wave(wave_id: int, now: datetime, today: date) -> list[int]:
    from mentora.surveys.actions import announce

    # The wave's row is the lock: two steps at once invite each person once.
    wave = (
        Wave.objects.select_for_update(of=("self",))
        .select_related("cohort__program", "instrument")
        .get(pk=wave_id)
    )
    created = []
    for enrolment in due_enrolments(wave, today):
        opens, closes = window_of(wave, enrolment)
        created.append(
            new_invitation(wave, enrolment.person, now, opens_on=opens, closes_on=closes)
        )
    Invitation.objects.bulk_create(created)
    return announce(wave, [i.nonce for i in created], now) if created else []
