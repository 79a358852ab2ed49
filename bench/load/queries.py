"""Where the load test's pages spend their time: each page once through Django's test client on
the national database, with its query count, its slowest queries and (on PostgreSQL) their plans.

  DATABASE_URL=postgres://postgres@127.0.0.1:5432/mentora_national \\
      .venv/bin/python bench/load/queries.py [--explain 3]

Reads only, except the two submissions (a meeting logged, a survey link spent), as in the test.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentora.settings")

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from bench.load.prepare import plan as make_plan  # noqa: E402

TOKEN = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


def measure(client: Client, page: str, method: str, path: str, explain: int,
            data: dict[str, Any] | None = None) -> None:
    connection.force_debug_cursor = True
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        response = client.post(path, data) if method == "POST" else client.get(path)
        seconds = time.perf_counter() - started
    connection.force_debug_cursor = False
    in_sql = sum(float(q["time"]) for q in queries.captured_queries)
    print(f"\n## {page}: {method} {path} -> {response.status_code}, {seconds * 1000:.0f} ms, "
          f"{len(response.content) / 1000:.0f} kB, {len(queries)} queries "
          f"({in_sql * 1000:.0f} ms in SQL)")
    slowest = sorted(queries.captured_queries, key=lambda q: -float(q["time"]))[:explain]
    for q in slowest:
        sql = q["sql"]
        print(f"- {float(q['time']) * 1000:.0f} ms: {sql[:300]}{'...' if len(sql) > 300 else ''}")
        if connection.vendor == "postgresql" and sql.lstrip().upper().startswith("SELECT"):
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS OFF) " + sql)
                for (line,) in cursor.fetchall()[:14]:
                    print(f"      {line}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--explain", type=int, default=2, help="slowest queries shown per page")
    args = parser.parse_args()
    data = make_plan(2)
    pair = data["pairs"][0]
    cohort = data["cohort"]
    print(json.dumps({k: data[k] for k in ("cohort_name", "cohort_mentees")}))
    coordinator, mentor, mentee = Client(), Client(), Client()
    for client, email in ((coordinator, data["coordinator"]), (mentor, pair["mentor"]),
                          (mentee, pair["mentee"])):  # signed in without the slow hash
        client.force_login(get_user_model().objects.get(username=email))
    n = args.explain
    measure(Client(), "health", "GET", data["health"], n)
    measure(coordinator, "cohort page", "GET", f"/cohorts/{cohort}/", n)
    measure(coordinator, "report page", "GET", f"/evaluation/cohorts/{cohort}/report/", n)
    measure(mentor, "mentor home", "GET", "/", n)
    measure(mentee, "mentee home", "GET", "/", n)
    log = f"/mentorships/{pair['mentorship']}/meetings/log/"
    measure(mentor, "meeting log form", "GET", log, n)
    page = mentor.get(log).content
    day = re.search(rb'name="on" value="([0-9-]+)"', page)
    measure(mentor, "meeting log submit", "POST", log, n, {
        "mentorships": str(pair["mentorship"]), "on": day.group(1).decode() if day else "",
        "duration_minutes": "30", "mode": "virtual", "goal": "Query check"})
    respondent = Client()
    link = data["survey_links"][0]
    measure(respondent, "survey form", "GET", link, n)
    answers = {v.decode(): "4" for v in set(re.findall(
        rb'type="radio" name="([a-z0-9_]+)"', respondent.get(link).content))}
    measure(respondent, "survey submit", "POST", link, n, {**answers, "submit": ""})


if __name__ == "__main__":
    main()
