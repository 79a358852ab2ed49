"""The demo's reminders: the reminder step planned at the demo's clock, so drifting pairs are
flagged on their cohort's at-risk list, bells show unread notifications, and the messages wait
in the outbox: `mentora remind --once` sends them (to the console), and a second run none."""

from __future__ import annotations

from django.utils import timezone

from mentora.core.demo.context import DemoContext
from mentora.engagement.models import DriftFlag, Notification
from mentora.engagement.sources import plan_due


def plan_reminders(ctx: DemoContext) -> None:
    # The demo's clock is noon of its day: planned no later than now, so that what is due is
    # due when `mentora remind --once` runs this morning.
    written = plan_due(min(ctx.now, timezone.now()))
    flagged = DriftFlag.objects.count()
    waiting = Notification.objects.filter(email=Notification.Email.PENDING).count()
    ctx.say(f"  {written} notifications, {waiting} emails waiting; {flagged} pairs flagged")
