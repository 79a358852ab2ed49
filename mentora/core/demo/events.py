"""Demo step: seed 002's events with their attendance, so its report shows who came.

Before the year, mentors attend the 90-minute mentor training (all of them, as the seed says),
mentors and mentees the orientation; during it, mentees are offered the two scholarship boot
camps (medical education, quality improvement), which a quarter of them attended (seed 002:
"25% of mentees attended the 2 scholarship boot camps"), and a workshop on grant writing.

Written through the events' doors, as a coordinator would, with no random draw, so no later
step's draws change; the invitations of past events are marked read and sent.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.utils import timezone

from mentora.core.demo.context import DemoContext
from mentora.engagement.events import EventDetails, do_create_event, do_mark_attendance
from mentora.engagement.models import Event, Invitee, Kind, Notification

BOOT_CAMP_SHARE = 0.25  # of mentees attending at least one of the two boot camps


def add_events(ctx: DemoContext) -> None:
    cohort = ctx.cohorts["002"]
    coordinator = cohort.program.coordinators.order_by("pk").first()
    if coordinator is None:
        raise ValueError(f"{cohort.program} has no coordinator to create its events")
    start = cohort.starts_on

    def at(day_offset: int, hour: int) -> datetime:
        day = start + timedelta(days=day_offset)
        return timezone.make_aware(datetime.combine(day, time(hour, 0)))

    plan = [
        ("mentor_training", "Mentor training: roles and best practices", -14, 12, 90, "mentors"),
        ("orientation", "Program orientation", -7, 17, 60, "both"),
        ("boot_camp", "Scholarship boot camp: medical education", 45, 8, 240, "mentees"),
        ("boot_camp", "Scholarship boot camp: quality improvement", 120, 8, 240, "mentees"),
        ("workshop", "Workshop: writing a grant proposal", 160, 12, 120, "mentees"),
    ]
    events = []
    for kind, title, offset, hour, minutes, audience in plan:
        starts = at(offset, hour)
        if starts.date() > ctx.today:
            continue
        details = EventDetails(kind, title, starts, minutes, "Education center", audience)
        events.append(do_create_event(cohort, details, coordinator, starts - timedelta(days=14)))

    mentees = list(
        cohort.enrolments.filter(role__in=("mentee", "both"))
        .order_by("pk")
        .values_list("person_id", flat=True)
    )
    # Attended at least one boot camp: every fourth mentee (a quarter, rounded); a few of them
    # went to both.
    camp_goers = mentees[:: round(1 / BOOT_CAMP_SHARE)]
    for event in events:
        if event.kind == Event.Kind.MENTOR_TRAINING:
            came = None  # every mentor invited
        elif event.kind == Event.Kind.ORIENTATION:
            came = None
        elif event.kind == Event.Kind.BOOT_CAMP:
            first = event.title.endswith("medical education")
            came = set(camp_goers[::2] if not first else camp_goers[: len(camp_goers) // 2 + 1])
            if not first:
                came |= set(camp_goers[len(camp_goers) // 2 + 1 :])
        else:
            came = set(mentees[1::3])
        for invitee in Invitee.objects.filter(event=event).order_by("pk"):
            if came is None or invitee.person_id in came:
                do_mark_attendance(
                    coordinator, event.pk, invitee.pk, True, event.starts_at + timedelta(hours=1)
                )
    Notification.objects.filter(kind=Kind.EVENT, about_id__in=[e.pk for e in events]).update(
        read_at=ctx.now,
        email=Notification.Email.SENT,
        next_attempt_at=None,
    )
