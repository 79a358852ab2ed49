"""The recurring work, as django-q2 Schedules written at every migrate.

A schedule is found by its name: changing its function or interval here updates the row on the
next migrate, and its next run time is kept. Other parts add theirs to SCHEDULES.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils import timezone


@dataclass(frozen=True)
class Recurring:
    name: str
    func: str
    minutes: int


SCHEDULES = (
    Recurring("Reminders", "mentora.jobs.tasks.send_reminders", 5),
    Recurring("Stalled jobs", "mentora.jobs.tasks.sweep_stalled_jobs", 5),
    Recurring("Old jobs and exports", "mentora.jobs.tasks.prune_jobs", 60),
    Recurring("Previews nobody imported", "mentora.jobs.tasks.expire_previews", 60),
    Recurring("Old notifications", "mentora.jobs.tasks.prune_notifications", 1440),
    Recurring("Sessions of ended roles", "mentora.jobs.tasks.end_sessions_of_ended_roles", 1440),
)


# Schedules that were replaced: removed at the next migrate ("Reminders" sends survey reminders).
RETIRED = ("Survey reminders",)


def register_schedules(sender: Any = None, using: str = "default", **kwargs: Any) -> None:
    """post_migrate receiver: one Schedule row per entry of SCHEDULES, in database `using`."""
    from django_q.models import Schedule

    rows = Schedule.objects.using(using)
    rows.filter(name__in=RETIRED).delete()
    for recurring in SCHEDULES:
        fields = {"func": recurring.func, "schedule_type": Schedule.MINUTES,
                  "minutes": recurring.minutes, "repeats": -1}
        existing = rows.filter(name=recurring.name).first()
        if existing is None:
            rows.create(name=recurring.name, next_run=timezone.now(), **fields)
        elif any(getattr(existing, key) != value for key, value in fields.items()):
            rows.filter(pk=existing.pk).update(**fields)
