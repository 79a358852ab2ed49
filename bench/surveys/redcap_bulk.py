"""Benchmark: a REDCap project of N rows imported into a cohort's waves, with the product's
import function, into a fresh database.

The project: a data dictionary of 40 Likert items in two instruments (forms) of 20, an events
file with a baseline and a follow-up event, and raw records for N / 2 record ids at both events
(every item answered, both forms complete). A tenth of the record ids are the emails of people
enrolled in the cohort, so the import matches them to people; the rest become external
respondents. The files are written to a temporary folder; `do_import_redcap` reads them as the
page and the `mentora redcap import` command do, in one all-or-nothing transaction.

Prints the wall time of the import (reading and checking the files, then writing) and the peak
resident memory of the process (resource.getrusage), with the load average.

Usage (the database must be empty; default a temporary SQLite file):
  .venv/bin/python bench/surveys/redcap_bulk.py [--rows 100000]
  createdb -h 127.0.0.1 -U postgres mentora_bench_redcap
  DATABASE_URL=postgres://postgres@127.0.0.1:5432/mentora_bench_redcap \
      .venv/bin/python bench/surveys/redcap_bulk.py --rows 100000
  dropdb -h 127.0.0.1 -U postgres mentora_bench_redcap
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import resource
import shutil
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

ITEMS, FORMS = 40, ("mentoring_climate", "career_outlook")
EVENTS = (("Baseline", "baseline_arm_1"), ("Follow-up", "follow_up_arm_1"))
AGREE = ("Strongly disagree", "Disagree", "Neutral", "Agree", "Strongly agree")
NOW = datetime(2026, 6, 30, 12, tzinfo=UTC)


def write_project(folder: Path, rows: int, matched: int, seed: int = 10) -> dict[str, Path]:
    """The three CSV files of a REDCap project of `rows` rows (records x 2 events)."""
    from mentora.surveys import interchange as ix

    per_form = ITEMS // len(FORMS)
    choices = tuple(ix.Choice(str(code), label) for code, label in enumerate(AGREE, start=1))
    items = [ix.Item("record_id", FORMS[0], ix.ItemType.TEXT, label="Record ID")]
    for number in range(1, ITEMS + 1):
        form = FORMS[(number - 1) // per_form]
        items.append(ix.Item(f"q{number:02d}", form, ix.ItemType.LIKERT,
                             label=f"Statement {number}", choices=choices))
    instrument = ix.Instrument(name="bench_redcap", items=tuple(items))
    events = [ix.Event(unique, name, 1) for name, unique in EVENTS]
    paths = {name: folder / f"{name}.csv" for name in ("dictionary", "events", "records")}
    paths["dictionary"].write_text(ix.dictionary_to_csv(instrument), encoding="utf-8")
    paths["events"].write_text(ix.events_to_csv(events), encoding="utf-8")
    header = ["record_id", "redcap_event_name"]
    for index, form in enumerate(FORMS):
        header += [f"q{n:02d}" for n in range(index * per_form + 1, (index + 1) * per_form + 1)]
        header.append(f"{form}_complete")
    rng = random.Random(seed)
    codes = [choice.code for choice in choices]
    with paths["records"].open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(header)
        for record in range(rows // len(EVENTS)):
            record_id = f"bench{record}@bench.test" if record < matched else str(100000 + record)
            for _, unique in EVENTS:
                answers = rng.choices(codes, k=ITEMS)
                writer.writerow([record_id, unique, *answers[:per_form], "2",
                                 *answers[per_form:], "2"])
    return paths


def peak_rss_gib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2  # KiB on Linux


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def server_cpu_seconds() -> float | None:
    """CPU time of this connection's PostgreSQL backend, when the server runs on this machine
    (its process is readable under /proc); None otherwise."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000, help="records x events")
    parser.add_argument("--matched", type=int, default=None,
                        help="record ids that are emails of enrolled people (default a tenth)")
    parser.add_argument("--keep", action="store_true",
                        help="keep the temporary folder (the CSV files, the SQLite database)")
    args = parser.parse_args()
    records = args.rows // len(EVENTS)
    matched = records // 10 if args.matched is None else args.matched

    scratch = Path(tempfile.mkdtemp(prefix="mentora-bench-redcap-"))
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{scratch / 'bench.sqlite3'}")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentora.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from mentora.people.models import Person
    from mentora.programs.models import Cohort, Enrolment, Program
    from mentora.surveys.models import Answer, Respondent, Response
    from mentora.surveys.redcap import do_import_redcap

    database = connection.settings_dict["NAME"]
    print(f"database: {connection.vendor} {database}", flush=True)
    call_command("migrate", verbosity=0)
    if Response.objects.exists() or Program.objects.filter(slug="bench-redcap").exists():
        sys.exit("The database is not empty: use a fresh one.")
    program = Program.objects.create(name="Bench REDCap", slug="bench-redcap")
    cohort = Cohort.objects.create(program=program, name="Bench 2025-26",
                                   academic_year="2025-26", starts_on=date(2025, 7, 1),
                                   ends_on=date(2026, 6, 30))
    people = Person.objects.bulk_create(
        Person(full_name=f"Bench {i}", email=f"bench{i}@bench.test", career_stage=20)
        for i in range(matched))
    Enrolment.objects.bulk_create(
        Enrolment(cohort=cohort, person=p, role="mentee", status="active",
                   enrolled_on=cohort.starts_on) for p in people)

    started = time.perf_counter()
    paths = write_project(scratch, args.rows, matched)
    size = paths["records"].stat().st_size / 1024**2
    print(f"files: {args.rows:,} rows ({records:,} records x {len(EVENTS)} events), "
          f"{ITEMS} Likert items in {len(FORMS)} instruments, records.csv {size:.1f} MiB, "
          f"written in {time.perf_counter() - started:.1f} s", flush=True)
    texts = {name: path.read_text(encoding="utf-8") for name, path in paths.items()}
    rss_before = peak_rss_gib()

    load = os.getloadavg()[0]
    server = server_cpu_seconds()
    started, cpu = time.perf_counter(), cpu_seconds()
    report = do_import_redcap(cohort, texts["dictionary"], texts["records"], NOW,
                              events=texts["events"], name="bench_redcap")
    wall, cpu = time.perf_counter() - started, cpu_seconds() - cpu
    server_after = server_cpu_seconds()
    load = max(load, os.getloadavg()[0])

    print(report.summary())
    print(f"in the database: {Response.objects.count():,} responses, "
          f"{Answer.objects.count():,} answers, {Respondent.objects.count():,} respondents")
    if args.keep:
        print(f"kept {scratch}")
    else:
        shutil.rmtree(scratch)
    if server is not None and server_after is not None:
        print(f"PostgreSQL's backend for this import: {server_after - server:.1f} s CPU")
    print(f"import: {wall:.1f} s wall ({cpu:.1f} s CPU in this process), "
          f"peak RSS {peak_rss_gib():.2f} GiB (before the import {rss_before:.2f} GiB), "
          f"load average {load:.1f}")


if __name__ == "__main__":
    main()
