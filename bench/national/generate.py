"""A national near-peer program in a database of its own: 100,000 medical students mentored by
20,000 residents in five regional programs (one of them tiered), each with last year's and this
year's cohort; a year of meetings (0 to 12 a pair, fewer pairs meeting as the year goes on); a
40-item Likert survey before and after (every mentee invited; this year's post wave still open,
so its unused single-use links are there for the load test); accounts for a few known people.

A benchmark, never part of CI. Give it its own database, never the demo's or the tests':

  DATABASE_URL=sqlite:///var/national.sqlite3 \\
      .venv/bin/python bench/national/generate.py --scale 0.01
  createdb -h 127.0.0.1 -U postgres mentora_national
  DATABASE_URL=postgres://postgres@127.0.0.1:5432/mentora_national \\
      .venv/bin/python bench/national/generate.py

--scale 1.0 is the full program; --scale 0.01 a thousand mentees for a quick check.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from datetime import date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentora.settings")


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=1.0,
                        help="share of the full program (1.0: 100,000 mentees, 20,000 mentors)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--today", type=date.fromisoformat, default=None,
                        help="the day the year runs up to (YYYY-MM-DD; default: today)")
    parser.add_argument("--batch", type=int, default=10_000,
                        help="model rows per bulk_create transaction")
    parser.add_argument("--sequential", action="store_true",
                        help="on PostgreSQL, write meetings and surveys one after the other "
                        "instead of from two processes side by side")
    args = parser.parse_args()
    if not 0 < args.scale <= 10:
        parser.error("--scale is a share of the full program, above 0 and at most 10")
    return args


def database_problem() -> str | None:
    """Refuse the default database (the demo's) and anything already holding the program."""
    url = os.environ.get("DATABASE_URL", "")
    if not url:
        return ("Set DATABASE_URL to a database of its own, e.g. "
                "DATABASE_URL=sqlite:///var/national.sqlite3 or "
                "DATABASE_URL=postgres://postgres@127.0.0.1:5432/mentora_national")
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    return None


def main() -> int:
    args = arguments()
    problem = database_problem()
    if problem:
        print(problem, file=sys.stderr)
        return 2

    import django

    django.setup()

    import numpy as np
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from bench.national import known, parallel, plan, progress, steps
    from bench.national.writer import Writer
    from mentora.programs.models import Program

    settings.DEBUG = False  # no query log: it would keep every batch's SQL text
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    if Program.objects.filter(slug__startswith=known.SLUG_PREFIX).exists():
        print("This database already holds the national program (or part of it, from a run "
              "that stopped). Give the generator a fresh database: remove the SQLite file, or "
              "dropdb and createdb the PostgreSQL one.", file=sys.stderr)
        return 2
    today = args.today or timezone.localdate()
    now = timezone.make_aware(datetime.combine(today, datetime.min.time().replace(hour=12)))
    rng = np.random.default_rng(args.seed)
    shape = plan.shape(args.scale, today, rng)
    planned = []
    for cohort in shape.cohorts:
        pairs = plan.pairs(cohort, today, rng)
        meetings = plan.meetings(cohort, pairs, today, rng)
        held = plan.held_per_mentee(cohort, pairs, meetings)
        planned.append(steps.Planned(cohort, pairs, meetings, plan.survey(cohort, held, rng)))
    print(f"{connection.vendor}: {shape.people.mentees:,} mentees, "
          f"{shape.people.count - shape.people.mentees:,} mentors, {len(planned)} cohorts, "
          f"{sum(p.pairs.count for p in planned):,} mentorships, "
          f"{sum(p.meetings.count for p in planned):,} meetings; up to {today}", file=sys.stderr)
    writer = Writer(batch=args.batch, raw_batch=10 * args.batch)
    writer.prepare()
    ctx = steps.Context(today=today, now=now, rng=rng, pyrng=random.Random(args.seed),
                        writer=writer, people=shape.people, seed=args.seed)
    steps.programs(ctx, planned)
    with writer.indexes_deferred(steps.BULK_TABLES):
        for number, step in enumerate((steps.people, steps.enrolments, steps.mentorships)):
            ctx.reseed(number)
            step(ctx, planned)
        ctx.reseed(3)
        if connection.vendor == "postgresql" and not args.sequential:
            progress.SIDE_BY_SIDE = True
            child = parallel.forked(lambda: steps.meetings(ctx, planned), writer)
            ctx.reseed(4)
            steps.surveys(ctx, planned)
            writer.add_counts(child.join())
            progress.SIDE_BY_SIDE = False
        else:
            steps.meetings(ctx, planned)
            ctx.reseed(4)
            steps.surveys(ctx, planned)
    logins = steps.known_people(ctx, planned)
    print("Sequences and planner statistics (ANALYZE)...", file=sys.stderr)
    writer.finish()
    elapsed = time.perf_counter() - started
    print(f"\nWrote {sum(writer.written.values()):,} rows in {elapsed:.1f} s "
          f"({connection.vendor}, scale {args.scale}, seed {args.seed}):")
    for table, count in sorted(writer.written.items(), key=lambda kv: -kv[1]):
        print(f"  {table:40s} {count:>10,}")
    print(f"\nEvery known login's password: {known.PASSWORD}")
    for role, email, note in logins:
        print(f"  {role:12s} {email}  ({note})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
