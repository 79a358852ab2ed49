"""`mentora redcap import|export`: REDCap projects into a cohort's waves and back."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from mentora.surveys.management.commands._cohort import find_cohort
from mentora.surveys.management.commands._files import read_texts
from mentora.surveys.redcap import ExportProblem, ImportProblem, do_import_redcap, export_redcap


class Command(BaseCommand):
    help = "Import a REDCap project (dictionary, raw records, events) into a cohort, or export one."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        load = actions.add_parser("import", help="Import a dictionary and raw records.")
        load.add_argument("--dictionary", required=True, type=Path)
        load.add_argument("--records", required=True, type=Path)
        load.add_argument("--events", type=Path, help="events.csv of a longitudinal project")
        load.add_argument("--cohort", required=True, help='id or "<program slug>/<year>"')
        load.add_argument("--name", help="instrument name (default: the dictionary's file name)")
        load.add_argument("--wave", default="", help="wave label for a project without events")
        load.add_argument("--dry-run", action="store_true", help="check and report, write nothing")
        dump = actions.add_parser("export", help="Export a cohort's responses.")
        dump.add_argument("--cohort", required=True)
        dump.add_argument("--dictionary", required=True, type=Path)
        dump.add_argument("--records", required=True, type=Path)
        dump.add_argument("--events", type=Path, help="also write events.csv (longitudinal)")
        dump.add_argument("--instrument", help="when the cohort has several instruments")

    def handle(self, *args: Any, **options: Any) -> None:
        cohort = find_cohort(options["cohort"])
        if options["action"] == "import":
            self._import(cohort, options)
        else:
            self._export(cohort, options)

    def _import(self, cohort: Any, options: Any) -> None:
        paths = [options["dictionary"], options["records"], options["events"]]
        name = options["name"] or options["dictionary"].stem
        texts = read_texts(self, *paths)
        try:
            report = do_import_redcap(
                cohort,
                texts[0] or "",
                texts[1] or "",
                timezone.now(),
                events=texts[2],
                name=name,
                wave_label=options["wave"],
                dry_run=options["dry_run"],
                sources=(str(paths[0]), str(paths[1]), str(paths[2] or "events")),
            )
        except ImportProblem as problem:
            raise CommandError("nothing imported:\n" + "\n".join(problem.problems)) from None
        self.stdout.write(report.summary())

    def _export(self, cohort: Any, options: Any) -> None:
        try:
            export = export_redcap(cohort, options["instrument"])
        except ExportProblem as problem:
            raise CommandError(str(problem)) from None
        options["dictionary"].write_text(export.dictionary, encoding="utf-8")
        options["records"].write_text(export.records, encoding="utf-8")
        written = [str(options["dictionary"]), str(options["records"])]
        if options["events"] and export.events is not None:
            options["events"].write_text(export.events, encoding="utf-8")
            written.append(str(options["events"]))
        self.stdout.write(f"Wrote {', '.join(written)}.")
