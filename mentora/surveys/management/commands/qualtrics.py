"""`mentora qualtrics import`: a Qualtrics CSV export into a new wave of a cohort."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from mentora.surveys.management.commands._cohort import find_cohort
from mentora.surveys.management.commands._files import read_texts
from mentora.surveys.projects import free_name
from mentora.surveys.qualtrics_import import do_import_qualtrics
from mentora.surveys.redcap import ImportProblem


class Command(BaseCommand):
    help = "Import a Qualtrics CSV export (three-row or legacy two-row header) as a wave."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["import"])
        parser.add_argument("--file", required=True, type=Path)
        parser.add_argument("--cohort", required=True, help='id or "<program slug>/<year>"')
        parser.add_argument("--wave", default="", help="label of the new project's wave")
        parser.add_argument(
            "--name",
            help="a new project's name, which its instrument takes (default: the file name, "
            "with -2, -3... when that is taken)",
        )
        parser.add_argument(
            "--into",
            metavar="PROJECT",
            help="import into this Qualtrics project of the cohort, updating it in place: "
            "responses matched on their response id are updated, new ones added",
        )
        parser.add_argument(
            "--identifiers",
            required=True,
            choices=["drop", "keep"],
            help="drop IP address, location and recipient columns, or keep them as sensitive",
        )
        parser.add_argument("--identified", action="store_true", help="pair by ResponseId")
        parser.add_argument(
            "--match-on",
            default="",
            metavar="FIELD",
            help="link an identified wave's responses to people enrolled in the cohort by this "
            "question's email (default: the recipient's email, when identifiers are kept)",
        )
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        cohort = find_cohort(options["cohort"])
        path = options["file"]
        if options["into"] and options["name"]:
            raise CommandError("--into imports into a project of that name: give no --name")
        text = read_texts(self, path)[0] or ""
        name = options["into"] or options["name"] or free_name(path.stem, "qualtrics")
        try:
            report = do_import_qualtrics(
                cohort,
                text,
                timezone.now(),
                identifiers=options["identifiers"],
                label=options["wave"],
                name=name,
                into=bool(options["into"]),
                anonymous=not options["identified"],
                source=str(path),
                dry_run=options["dry_run"],
                match_on=options["match_on"],
            )
        except ImportProblem as problem:
            raise CommandError("nothing imported:\n" + "\n".join(problem.problems)) from None
        self.stdout.write(
            ("Would import " if options["dry_run"] else "Imported ") + report.summary()
        )
        if options["identified"]:
            self.stdout.write("\n".join(report.linking.lines()))
