"""`mentora enrol`: the cohort page's enrolment from a spreadsheet, on the command line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from mentora.programs.actions import do_enrol_participants
from mentora.programs.enrolment_csv import EnrolmentFileError
from mentora.surveys.management.commands._cohort import find_cohort


class Command(BaseCommand):
    help = (
        "Enrol the people of a spreadsheet (CSV or Excel .xlsx) in a cohort, all or nothing, "
        "and invite those without an account; every bad cell is named."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--cohort", required=True, help='id or "<program slug>/<year>"')
        parser.add_argument("--file", required=True, type=Path, help="people.csv or people.xlsx")
        parser.add_argument(
            "--dry-run", action="store_true", help="check and report, write nothing, mail nobody"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        cohort = find_cohort(options["cohort"])
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        try:
            result = do_enrol_participants(
                cohort, path.read_bytes(), path.name, timezone.now(), dry_run=options["dry_run"]
            )
        except EnrolmentFileError as problem:
            for warning in problem.warnings:
                self.stderr.write(f"warning: {warning}")
            count = len(problem.errors)
            which = "this problem" if count == 1 else f"these {count} problems"
            lines = [f"Nothing was enrolled. Fix {which} in {path}:"]
            raise CommandError("\n".join([*lines, *(str(e) for e in problem.errors)])) from None
        for warning in result.warnings:
            self.stderr.write(f"warning: {warning}")
        self.stdout.write(result.summary())
