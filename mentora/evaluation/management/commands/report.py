"""`mentora report`: a cohort's report tables into a folder, for an evaluator's scripts.

Writes what the report page downloads (tables.docx and tables.xlsx: the manuscript tables, with
the same suppression) and prepost.csv: one row per instrument and item of the pre/post tables,
with the columns of `mentora stats prepost` after instrument, pre and post (the wave labels).
The figures are the page's, computed by the same code with the page's default options.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from mentora.core.text import plural
from mentora.evaluation.exports import all_tables, prepost_csv, render
from mentora.evaluation.page import options_for
from mentora.evaluation.reports import compute_report
from mentora.evaluation.sources import load_cohort
from mentora.surveys.management.commands._cohort import find_cohort


class Command(BaseCommand):
    help = "Write a cohort's manuscript tables (DOCX, XLSX) and prepost.csv into a folder."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--cohort", required=True, help='id or "<program slug>/<year>"')
        parser.add_argument("--out", required=True, type=Path, help="folder (made if missing)")
        parser.add_argument(
            "--publication", action="store_true",
            help="suppress small groups at the publication threshold, as the page's switch does",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        cohort = find_cohort(options["cohort"])
        out: Path = options["out"]
        if out.exists() and not out.is_dir():
            raise CommandError(f"--out {out}: not a folder")
        query = {"publication": "on"} if options["publication"] else {}
        report_options, problem = options_for(cohort, query)
        if problem:
            raise CommandError(problem)
        report = compute_report(load_cohort(cohort), report_options, wilcoxon=True)
        out.mkdir(parents=True, exist_ok=True)
        files = {
            "tables.docx": render(report, "docx"),
            "tables.xlsx": render(report, "xlsx"),
            "prepost.csv": prepost_csv(report),
        }
        for name, body in files.items():
            (out / name).write_bytes(body)
        items = sum(1 for c in report.comparisons for row in c.rows if row.n > 0)
        self.stdout.write(
            f"Wrote {', '.join(str(out / name) for name in files)}: "
            f"{plural(len(all_tables(report)), 'table', 'tables')}, "
            f"{plural(items, 'pre/post item', 'pre/post items')} of "
            f"{plural(len(report.comparisons), 'instrument', 'instruments')}."
        )
