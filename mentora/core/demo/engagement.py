"""The demo's reminders: the reminder step planned at the demo's clock, so drifting pairs are
flagged on their cohort's at-risk list, bells show unread notifications, and the messages wait
in the outbox: `mentora remind --once` sends them (to the console), and a second run none.
Mentees are asked their pulse check; one answers low and shows on her cohort's at-risk list."""

from __future__ import annotations

from django.utils import timezone

from mentora.core.demo.context import DemoContext
from mentora.core.demo.people import make_login
from mentora.core.demo.relationships import NAMED
from mentora.engagement.actions import do_answer_pulse
from mentora.engagement.models import DriftFlag, Notification, Pulse
from mentora.engagement.sources import plan_due


def plan_reminders(ctx: DemoContext) -> None:
    # The demo's clock is noon of its day: planned no later than now, so that what is due is
    # due when `mentora remind --once` runs this morning.
    written = plan_due(min(ctx.now, timezone.now()))
    flagged = DriftFlag.objects.count()
    waiting = Notification.objects.filter(email=Notification.Email.PENDING).count()
    ctx.say(f"  {written} notifications, {waiting} emails waiting; {flagged} pairs flagged")
    _answer_a_pulse_low(ctx)


def _answer_a_pulse_low(ctx: DemoContext) -> None:
    """One mentee (not yet a demo login; she gets pulse@demo.mentora.test) answers her pulse
    check low and asks to talk: her pair shows on its cohort's at-risk list with a low pulse,
    and her pulse page offers her a re-match."""
    pulse = (
        Pulse.objects.filter(answered_at__isnull=True)
        .exclude(mentorship__mentee__user__username__in=NAMED)
        .select_related("mentorship__mentee", "mentorship__cohort__program")
        .order_by("mentorship__cohort__program_id", "mentorship_id", "number")
        .first()
    )
    if pulse is None:
        return
    pair = pulse.mentorship
    if pair.mentee.user_id is None:
        make_login(ctx, pair.mentee, "mentee with a low pulse check", "pulse@demo.mentora.test")
    do_answer_pulse(pulse, pair.mentee, rating=2, wants_talk=True, now=min(ctx.now, timezone.now()))
    asked = Pulse.objects.count()
    ctx.say(
        f"  {asked} pulse checks asked; {pair.mentee.full_name} answered hers low "
        f"(2 of 5, asks to talk): on {pair.cohort.name}'s at-risk list"
    )
