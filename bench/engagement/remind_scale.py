"""Benchmark: the reminder step's planning (`plan_due`, what `mentora remind` and the worker's
5-minute schedule run before mailing) on a large database, part by part, each part twice at the
same moment: the first run writes what is due, the second is the steady state of a step that finds
it written; then `plan_due` itself as a later step of the same day runs it (the day-level parts
planned already). Everything is rolled back at the end, so the database is left as it was.

Usage, e.g. on the national program of bench/national/generate.py:
  DATABASE_URL=postgres://postgres@127.0.0.1:5432/mentora_national \\
      .venv/bin/python bench/engagement/remind_scale.py [--at 2026-10-15T14:00]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentora.settings")

import django

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from mentora.engagement import sources  # noqa: E402
from mentora.engagement.digest import plan_digests  # noqa: E402
from mentora.engagement.escalation import plan_drift  # noqa: E402
from mentora.engagement.notify import notify  # noqa: E402
from mentora.engagement.pulse import plan_pulses  # noqa: E402
from mentora.mentorships.models import Mentorship  # noqa: E402
from mentora.surveys.timed import invite_due  # noqa: E402


class Rollback(Exception):
    pass


def parts(now: datetime) -> list[tuple[str, Callable[[], int]]]:
    today = timezone.localdate(now)
    return [
        ("survey invitations (timed waves)", lambda: invite_due(now)),
        ("survey reminders", lambda: sources.plan_survey_reminders(now)),
        ("meetings in 24 hours", lambda: notify(sources.meetings_soon(now), now)),
        ("agreements unsigned", lambda: notify(sources.agreements_unsigned(today), now)),
        ("plans due", lambda: notify(sources.plans_due(today), now)),
        ("plans waiting for review", lambda: notify(sources.plans_waiting(now), now)),
        ("monthly goal reviews", lambda: notify(sources.goal_reviews(today), now)),
        ("drift and escalation", lambda: plan_drift(now)),
        ("pulse checks", lambda: plan_pulses(now)),
        ("weekly digests", lambda: plan_digests(now)),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--at", type=datetime.fromisoformat, help="the step's clock (default now)")
    args = parser.parse_args()
    now = timezone.make_aware(args.at) if args.at else timezone.now()
    active = Mentorship.objects.filter(status=Mentorship.Status.ACTIVE).count()
    print(f"{connection.vendor}, {active:,} active pairs, the step at {now:%Y-%m-%d %H:%M %Z}")
    print(f"{'part':34} {'first run':>18} {'steady':>10}")
    totals, later = [0.0, 0.0], 0.0
    try:
        with transaction.atomic():
            for name, run in parts(now):
                cells = []
                for k in range(2):
                    start = time.perf_counter()
                    written = run()
                    took = time.perf_counter() - start
                    totals[k] += took
                    cells.append(f"{took:6.2f} s ({written:,})" if k == 0 else f"{took:6.2f} s")
                print(f"{name:34} {cells[0]:>18} {cells[1]:>10}")
            sources.plan_due(now)  # the day's first step: plans the day-level parts
            start = time.perf_counter()
            sources.plan_due(now)
            later = time.perf_counter() - start
            raise Rollback
    except Rollback:
        pass
    print(f"{'all parts':34} {totals[0]:16.2f} s {totals[1]:8.2f} s")
    print(f"{'plan_due, a later step that day':34} {'':>18} {later:8.2f} s")


if __name__ == "__main__":
    main()
