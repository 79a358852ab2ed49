"""Benchmark: the daily pruning of old notifications (mentora.engagement.pruning) on a synthetic
table: `--rows` notifications of every kind over two years for `--pairs` pairs of one cohort,
most read and mailed; drift keys of pairs that met since and of pairs still quiet, pulses
recorded, events and offers gone. Times a dry run (what `--dry-run` counts), then the pruning
itself. Writes into the database it is given: use a throwaway one.

  createdb -h 127.0.0.1 -U postgres mentora_prune_bench
  DATABASE_URL=postgres://postgres@127.0.0.1:5432/mentora_prune_bench \\
      .venv/bin/mentora migrate -v0
  DATABASE_URL=postgres://postgres@127.0.0.1:5432/mentora_prune_bench \\
      .venv/bin/python bench/engagement/prune_scale.py --rows 200000
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentora.settings")

import django

django.setup()

from django.utils import timezone  # noqa: E402

from mentora.engagement.models import Kind, Notification, Pulse  # noqa: E402
from mentora.engagement.pruning import prune_notifications, summary  # noqa: E402
from mentora.mentorships.models import Meeting, Mentorship  # noqa: E402
from mentora.people.ladder import Stage  # noqa: E402
from mentora.people.models import Person  # noqa: E402
from mentora.programs.models import Cohort, Program  # noqa: E402


def make_world(pairs: int, start: date) -> list[tuple[int, int]]:
    stamp = f"{time.time():.0f}"
    program = Program.objects.create(name=f"Prune bench {stamp}", slug=f"prune-bench-{stamp}")
    cohort = Cohort.objects.create(program=program, name="Bench", academic_year="2024-25",
                                   starts_on=start, ends_on=start + timedelta(days=364))
    people = Person.objects.bulk_create(
        [Person(full_name=f"Bench person {n}", email=f"bench{n}.{program.pk}@example.edu",
                career_stage=Stage.MS3)
         for n in range(pairs * 2)])  # fmt: skip
    made = Mentorship.objects.bulk_create(
        [Mentorship(cohort=cohort, mentor=people[2 * n], mentee=people[2 * n + 1], role="career",
                    status=Mentorship.Status.ACTIVE, started_on=start) for n in range(pairs)])
    # Half the pairs met a year in (their first spell is over), half are still quiet.
    for pair in made[::2]:
        meeting = Meeting.objects.create(on=start + timedelta(days=365), mentor_id=pair.mentor_id,
                                         status=Meeting.Status.HELD, created_at=timezone.now())
        meeting.mentorships.add(pair)
    Pulse.objects.bulk_create([Pulse(mentorship=p, number=n, due_on=start, asked_at=timezone.now())
                               for p in made for n in range(1, 6)])  # fmt: skip
    return [(p.pk, p.mentee_id) for p in made]


def key_of(kind: str, pair: int, n: int, start: date) -> str:
    return {
        Kind.DRIFT: f"drift:{pair}:{start.isoformat()}:mentee:{n}",
        Kind.PULSE: f"pulse:{pair}:{n % 5 + 1}:{n}",
        Kind.GOAL_REVIEW: f"goal-review:{pair}:{n % 12}:{n}",
        Kind.DIGEST: f"digest:{n}",
        Kind.MEETING_SOON: f"meeting:{n}:2025-01-01:10:00",
        Kind.EVENT: f"event:{n}",
    }[kind]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--pairs", type=int, default=2_000)
    args = parser.parse_args()
    now = timezone.now()
    start = timezone.localdate(now) - timedelta(days=730)
    pairs = make_world(args.pairs, start)
    kinds = [Kind.DRIFT, Kind.PULSE, Kind.GOAL_REVIEW, Kind.DIGEST, Kind.MEETING_SOON, Kind.EVENT]
    rng = random.Random(1)
    rows = []
    for n in range(args.rows):
        pair, mentee = pairs[(n // 6) % len(pairs)]
        kind = kinds[n % len(kinds)]
        pending = rng.random() < 0.02
        rows.append(Notification(
            recipient_id=mentee, kind=kind, key=key_of(kind, pair, n, start), subject="Bench",
            body="...", about_id=n, created_at=now - timedelta(days=rng.randrange(730)),
            read_at=None if rng.random() < 0.1 else now, email="pending" if pending else "sent",
            next_attempt_at=now if pending else None))  # fmt: skip
    Notification.objects.bulk_create(rows, batch_size=5000)
    print(f"{Notification.objects.count():,} notifications in the table")
    began = time.perf_counter()
    counted = prune_notifications(now, dry_run=True)
    print(f"dry run: would delete {summary(counted)} in {time.perf_counter() - began:.2f} s")
    began = time.perf_counter()
    deleted = prune_notifications(now)
    print(f"pruning: deleted {summary(deleted)} in {time.perf_counter() - began:.2f} s")
    print(f"{Notification.objects.count():,} notifications left")


if __name__ == "__main__":
    main()
