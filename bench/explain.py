"""The plans PostgreSQL makes for the main pages' queries, on a program of realistic size.

Makes a throwaway database, fills it with the national program generator at a fraction of its
size (--scale 0.2: 20,000 mentees, 4,000 mentors, 22,000 mentorships, 97,000 meetings, two
survey waves of 20,000 invitations each), adds an agreement, a goal and two action items per
pair and a development plan per mentee (which the generator leaves out), runs ANALYZE, then
opens each main page once through Django's test client as the person who uses it and prints,
for every query the page ran (the session and the signed-in user aside), its EXPLAIN (ANALYZE,
BUFFERS) plan. A sequential scan of a large table is flagged. The database is dropped at the
end unless --keep.

  .venv/bin/python bench/explain.py                    # make, fill, explain, drop
  .venv/bin/python bench/explain.py --keep             # and keep mentora_explain for another look
  .venv/bin/python bench/explain.py --reuse            # explain an existing mentora_explain again

A benchmark, never part of CI. docs/performance.md holds the plans it printed, trimmed.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

LARGE = 10_000  # rows: a sequential scan of a table this big is flagged
SKIPPED = re.compile(r'FROM "(django_session|auth_user)"')
SCAN = re.compile(r"Seq Scan on (\w+)")
# A query read through a server-side cursor (a form's choices use .iterator()) is its SELECT.
DECLARED = re.compile(r'^DECLARE "[^"]+" NO SCROLL CURSOR WITH(?:OUT)? HOLD FOR ')


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--server", default="postgres://postgres@127.0.0.1:5432",
                        help="the PostgreSQL server, without a database name")
    parser.add_argument("--database", default="mentora_explain")
    parser.add_argument("--scale", type=float, default=0.2,
                        help="share of the national program (bench/national/generate.py)")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--reuse", action="store_true",
                        help="explain the database as it is (made by an earlier --keep)")
    parser.add_argument("--lines", type=int, default=12, help="plan lines shown per query")
    return parser.parse_args()


def _admin(server: str, sql: str) -> None:
    """CREATE or DROP DATABASE, from the server's maintenance database."""
    import psycopg

    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        connection.execute(sql)


def fill(args: argparse.Namespace, url: str) -> None:
    _admin(args.server, f'DROP DATABASE IF EXISTS "{args.database}"')
    _admin(args.server, f'CREATE DATABASE "{args.database}"')
    print(f"Filling {args.database} (scale {args.scale})...", file=sys.stderr)
    subprocess.run(
        [sys.executable, str(ROOT / "bench/national/generate.py"), "--scale", str(args.scale)],
        env={**os.environ, "DATABASE_URL": url}, check=True,
    )


def complete() -> None:
    """What the generator leaves out and the pages read: per pair an agreement (two in three
    signed by both), a goal with progress and two action items (half done); per mentee a
    development plan (half shared). Bulk inserts, then ANALYZE."""
    import random
    from datetime import timedelta

    from django.db import connection, transaction
    from django.utils import timezone

    from mentora.mentorships.actions import ensure_plan_templates
    from mentora.mentorships.models import (
        ActionItem,
        Agreement,
        DevelopmentPlan,
        Goal,
        GoalProgress,
        Mentorship,
    )

    rng, now = random.Random(1), timezone.now()
    today = timezone.localdate(now)
    pairs = list(Mentorship.objects.select_related("cohort__program").order_by("pk"))
    templates = {}
    with transaction.atomic():
        Agreement.objects.bulk_create(
            [Agreement(mentorship=p, updated_at=now, mentor_signed_at=now if k % 3 else None,
                       mentee_signed_at=now if k % 3 else None) for k, p in enumerate(pairs)],
            batch_size=5000)
        goals = Goal.objects.bulk_create(
            [Goal(mentorship=p, specific="Five supervised procedures", target_count=5,
                  unit="procedures", created_by_id=p.mentee_id, created_at=now,
                  due_on=today + timedelta(days=rng.randint(-60, 120))) for p in pairs],
            batch_size=5000)
        GoalProgress.objects.bulk_create(
            [GoalProgress(goal=g, on=today - timedelta(days=rng.randint(1, 90)),
                          count=rng.randint(1, 3)) for g in goals if rng.random() < 0.6],
            batch_size=5000)
        ActionItem.objects.bulk_create(
            [ActionItem(mentorship=p, goal=g, text="Read the chapter", created_at=now,
                        owner_id=owner, due_on=today + timedelta(days=rng.randint(-30, 60)),
                        done_on=today if rng.random() < 0.5 else None)
             for p, g in zip(pairs, goals, strict=True) for owner in (p.mentor_id, p.mentee_id)],
            batch_size=5000)
        plans = {}
        for p in pairs:
            if p.cohort.program_id not in templates:
                templates[p.cohort.program_id] = ensure_plan_templates(p.cohort.program)["full"]
            shared = rng.random() < 0.5
            plans[(p.mentee_id, p.cohort_id)] = DevelopmentPlan(
                mentee_id=p.mentee_id, cohort_id=p.cohort_id,
                template=templates[p.cohort.program_id], created_at=now, updated_at=now,
                status=DevelopmentPlan.Status.SHARED if shared else DevelopmentPlan.Status.DRAFT,
                shared_at=now if shared else None)
        DevelopmentPlan.objects.bulk_create(plans.values(), batch_size=5000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"Completed: {len(pairs):,} agreements, goals and pairs of action items, "
          f"{len(plans):,} plans", file=sys.stderr)


@dataclass(frozen=True)
class Page:
    title: str
    who: str  # coordinator, mentor or mentee
    path: Callable[[dict[str, Any]], str]


PAGES = [
    Page("Coordinator's home", "coordinator", lambda d: "/"),
    Page("Program", "coordinator", lambda d: f"/programs/{d['program']}/"),
    Page("Cohort (participants and pairs, page 1)", "coordinator",
         lambda d: f"/cohorts/{d['cohort']}/"),
    Page("Cohort, a later page of participants", "coordinator",
         lambda d: f"/cohorts/{d['cohort']}/?people=40"),
    Page("Relationships", "coordinator", lambda d: f"/cohorts/{d['cohort']}/relationships/"),
    Page("Match runs", "coordinator", lambda d: f"/cohorts/{d['cohort']}/match/"),
    Page("Surveys", "coordinator", lambda d: f"/cohorts/{d['cohort']}/surveys/"),
    Page("A wave's invitations", "coordinator", lambda d: f"/surveys/waves/{d['wave']}/"),
    Page("Scholarly entries", "coordinator",
         lambda d: f"/evaluation/cohorts/{d['cohort']}/scholarship/"),
    Page("Mentor's home", "mentor", lambda d: "/"),
    Page("Relationship (mentor)", "mentor", lambda d: f"/mentorships/{d['pair']}/"),
    Page("Meeting log form", "mentor", lambda d: f"/mentorships/{d['pair']}/meetings/log/"),
    Page("A meeting", "mentor", lambda d: f"/meetings/{d['meeting']}/"),
    Page("Mentee's home", "mentee", lambda d: "/"),
    Page("Find a mentor: browse", "mentee", lambda d: f"/match/cohorts/{d['cohort']}/browse/"),
]


def subjects() -> dict[str, Any]:
    """The cohort, pair, wave and meeting the pages are opened on: the largest running cohort
    and the first known pair (bench/national/known.py)."""
    from bench.load.prepare import plan
    from mentora.mentorships.models import Meeting, Mentorship
    from mentora.surveys.models import Wave

    found = plan(0)
    pair = Mentorship.objects.get(pk=found["pairs"][0]["mentorship"])
    wave = Wave.objects.filter(cohort_id=found["cohort"]).order_by("-opens_on").first()
    meeting = Meeting.objects.filter(mentorships=pair).order_by("-on").first()
    return {
        **found,
        "program": pair.cohort.program_id,
        "pair": pair.pk,
        "wave": wave.pk if wave else 0,
        "meeting": meeting.pk if meeting else 0,
    }


def table_sizes() -> dict[str, int]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT relname, reltuples::bigint FROM pg_class WHERE relkind = 'r'")
        return {name: int(rows) for name, rows in cursor.fetchall()}


def explain(sql: str, params: Any) -> list[str]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
        return [line for (line,) in cursor.fetchall()]


def show(page: Page, client: Any, data: dict[str, Any], sizes: dict[str, int],
         lines: int) -> list[str]:
    """Prints the page's queries and plans; returns the large tables it scans whole."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    path = page.path(data)
    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        response = client.get(path)
        ms = (time.perf_counter() - started) * 1000
    queries = captured.captured_queries
    in_sql = sum(float(q["time"]) for q in queries) * 1000
    print(f"\n## {page.title}: GET {path} ({page.who}) -> {response.status_code}, "
          f"{len(queries)} queries, {ms:.0f} ms ({in_sql:.0f} in SQL), "
          f"{len(response.content) / 1000:.0f} kB")
    scanned = []
    # The SQL text of a captured query has its parameters inlined; it is explained as it ran.
    for q in queries:
        sql = DECLARED.sub("", q["sql"])
        if not sql.lstrip(" (").upper().startswith("SELECT") or SKIPPED.search(sql):
            continue
        plan = explain(sql, None)
        whole = [t for t in SCAN.findall("\n".join(plan)) if sizes.get(t, 0) >= LARGE]
        scanned += whole
        flag = f"  <-- sequential scan of {', '.join(whole)}" if whole else ""
        print(f"\n{float(q['time']) * 1000:.1f} ms: {sql[:400]}{'...' if len(sql) > 400 else ''}"
              f"{flag}")
        body = [line for line in plan if not line.startswith(("Planning", "Execution"))]
        for line in body[:lines]:
            print(f"    {line}")
        if len(body) > lines:
            print(f"    ... ({len(body) - lines} more lines)")
        for line in plan:
            if line.startswith("Execution"):
                print(f"    {line}")
    return scanned


def run_pages(lines: int, fresh: bool) -> int:
    import django

    django.setup()
    if fresh:
        complete()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client

    from bench.national import known

    settings.ALLOWED_HOSTS = ["*"]
    # Static files where the apps keep them: no collectstatic manifest needed to render.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    sizes = table_sizes()
    data = subjects()
    print("# Table sizes (rows, from the planner's statistics)")
    ours = {name: rows for name, rows in sizes.items() if not name.startswith(("pg_", "sql_"))}
    for name, rows in sorted(ours.items(), key=lambda kv: -kv[1])[:16]:
        print(f"  {name:40s} {rows:>10,}")
    clients = {}
    for who, email in (("coordinator", known.COORDINATOR),
                       ("mentor", known.mentor_email(1)), ("mentee", known.mentee_email(1))):
        clients[who] = Client()
        clients[who].force_login(get_user_model().objects.get(email=email))
    flagged: dict[str, list[str]] = {}
    for page in PAGES:
        scanned = show(page, clients[page.who], data, sizes, lines)
        if scanned:
            flagged[page.title] = scanned
    print(f"\n# Sequential scans of tables over {LARGE:,} rows")
    for title, tables in flagged.items():
        print(f"  {title}: {', '.join(sorted(set(tables)))}")
    if not flagged:
        print("  none")
    return 0


def main() -> int:
    args = arguments()
    url = f"{args.server}/{args.database}"
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentora.settings")
    if not args.reuse:
        fill(args, url)
    try:
        return run_pages(args.lines, fresh=not args.reuse)
    finally:
        if not args.keep:
            from django.db import connections

            connections.close_all()
            _admin(args.server, f'DROP DATABASE IF EXISTS "{args.database}"')
            print(f"Dropped {args.database}.", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
