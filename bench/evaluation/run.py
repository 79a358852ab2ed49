"""Benchmark: the full cohort report for 10,000 participants, 2 waves and 40 Likert items.

Measured in one run, on the same data:
  core        Mentora's `compute_report` on frames already loaded (the statistics and tables)
  end-to-end  loading the cohort from the database (`load_cohort`) and `compute_report`
  bare        a bare pandas + scipy script: paired t per item, scholarship counts per period,
              active mentors by group with t intervals, agreement shares per item; from the
              same frames (bare core), and reading the answers with one SQL query instead
              (bare end-to-end; the small frames it reuses load in milliseconds)

Also measured: the data version (`mentora.evaluation.stored.data_version`), which a large
cohort's report page computes on every view to know whether its stored report is fresh.

Usage (a fresh SQLite file; filling it takes a minute or two):
  DATABASE_URL=sqlite:////tmp/bench_eval.sqlite3 .venv/bin/python bench/evaluation/run.py
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentora.settings")

import django

django.setup()

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from scipy import stats  # noqa: E402

from bench.evaluation.fill import PEOPLE, fill  # noqa: E402
from mentora.evaluation.page import options_for  # noqa: E402
from mentora.evaluation.reports import compute_report  # noqa: E402
from mentora.evaluation.sources import load_cohort  # noqa: E402
from mentora.evaluation.stored import data_version  # noqa: E402


def bare_core(answers: pd.DataFrame, pre: int, post: int) -> list[tuple[float, float]]:
    wide = answers.pivot_table(index=["respondent", "wave_id"], columns="item", values="value")
    before, after = wide.xs(pre, level="wave_id"), wide.xs(post, level="wave_id")
    both = before.index.intersection(after.index)
    results = []
    for item in wide.columns:
        x, y = before.loc[both, item], after.loc[both, item]
        keep = x.notna() & y.notna()
        t = stats.ttest_rel(y[keep], x[keep])
        results.append((float(t.statistic), float(t.pvalue)))
    return results


def bare_rest(data: object) -> list[float]:
    """The report's other tests, by hand: scholarship paired t, group means, agreement shares."""
    entries, mentees = data.scholarship, data.mentees  # type: ignore[attr-defined]
    out = []
    for first, last in ((2023, 2025), (2026, 2028)):
        chosen = entries[entries["year"].between(first, last)]
        counts = pd.crosstab(chosen["person"], chosen["kind"]).reindex(mentees, fill_value=0)
        out.append(counts.sum().sum())
    pairs = data.mentorships  # type: ignore[attr-defined]
    active = pairs[pairs["status"] == "active"].groupby("mentee").size().reindex(mentees)
    groups = data.demographics.set_index("person").reindex(mentees)  # type: ignore[attr-defined]
    for column in ("gender", "urim"):
        summary = active.fillna(0).groupby(groups[column]).agg(["mean", "std", "count"])
        half = stats.t.ppf(0.975, summary["count"] - 1) * summary["std"] / np.sqrt(summary["count"])
        out += list(summary["mean"] - half)
    answers = data.answers  # type: ignore[attr-defined]
    last = answers[answers["wave_id"] == answers["wave_id"].max()]
    out += list((last["value"] >= 4).groupby(last["item"]).mean())
    return out


def bare_end_to_end(cohort_id: int, pre: int, post: int) -> list[tuple[float, float]]:
    query = (
        "SELECT r.record_id AS respondent, r.wave_id AS wave_id, i.variable AS item, a.value "
        "FROM surveys_answer a JOIN surveys_response r ON a.response_id = r.id "
        "JOIN surveys_item i ON a.item_id = i.id JOIN surveys_wave w ON r.wave_id = w.id "
        "WHERE w.cohort_id = %s AND r.status = 'submitted'"
    )
    with connection.cursor() as cursor:
        cursor.execute(query, [cohort_id])
        frame = pd.DataFrame(cursor.fetchall(), columns=["respondent", "wave_id", "item", "value"])
    frame["value"] = pd.to_numeric(frame["value"].str.strip('"'), errors="coerce")
    return bare_core(frame, pre, post)  # the rest (bare_rest) reads frames loaded by Mentora


def best(run: object, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    call_command("migrate", verbosity=0)
    cohort, pre, post = fill()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # the planner's statistics, as autovacuum keeps them
    options, _ = options_for(cohort, {})
    data = load_cohort(cohort)
    report = compute_report(data, options)
    rows = report.comparisons[0].rows
    bare = bare_core(data.answers, pre, post)
    assert np.allclose([r.t for r in rows], [b[0] for b in bare])
    figures = {
        "core (Mentora compute_report on loaded frames)": best(
            lambda: compute_report(data, options)),
        "bare core (pandas + scipy on the same frames)": best(
            lambda: (bare_core(data.answers, pre, post), bare_rest(data))),
        "end-to-end (Mentora load_cohort + compute_report)": best(
            lambda: compute_report(load_cohort(cohort), options), 2),
        "bare end-to-end (one SQL query + pandas + scipy)": best(
            lambda: (bare_end_to_end(cohort.pk, pre, post), bare_rest(data)), 2),
        "data version (a large cohort's freshness check)": best(lambda: data_version(cohort), 5),
    }
    print(f"{PEOPLE} participants, 2 waves, 40 items, {len(data.answers)} answers "
          f"({connection.vendor})")
    for name, seconds in figures.items():
        print(f"  {name:55s} {seconds * 1000:8.0f} ms")
    values = list(figures.values())
    print(f"  ratio core / bare core:             {values[0] / values[1]:.2f}")
    print(f"  ratio end-to-end / bare end-to-end: {values[2] / values[3]:.2f}")


if __name__ == "__main__":
    main()
