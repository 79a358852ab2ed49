"""Benchmark: the data version a large cohort's report page computes on every view, for the
largest cohorts of a database (read only; the database must be migrated).

Usage, e.g. on the national program of bench/national/generate.py:
  DATABASE_URL=postgres://postgres@127.0.0.1:5432/mentora_national \\
      .venv/bin/python bench/evaluation/freshness.py --cohorts 3
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentora.settings")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402

from mentora.evaluation.stored import data_version  # noqa: E402
from mentora.programs.models import Cohort  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cohorts", type=int, default=3, help="how many of the largest")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    largest = (Cohort.objects.select_related("program").annotate(people=Count("enrolments"))
               .order_by("-people")[:args.cohorts])
    for cohort in largest:
        times = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            data_version(cohort)
            times.append(time.perf_counter() - start)
        times.sort()
        print(f"{cohort} ({cohort.people} enrolled, {connection.vendor}): data version best "
              f"{times[0] * 1000:.0f} ms, median {times[len(times) // 2] * 1000:.0f} ms")


if __name__ == "__main__":
    main()
