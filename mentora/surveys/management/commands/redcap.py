"""`mentora redcap import|export`: REDCap projects into a cohort's waves and back."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from mentora.surveys.management.commands._cohort import find_cohort
from mentora.surveys.management.commands._files import read_texts
from mentora.surveys.preview import parse_type_options, type_lines
from mentora.surveys.projects import free_name
from mentora.surveys.redcap import ExportProblem, ImportProblem, do_import_redcap, export_redcap

# The optional tables of a project, by option (mentora.surveys.interchange.project).
_TABLES = (
    ("arms", "the arms"),
    ("mapping", "the instrument-event mapping"),
    ("groups", "the data access groups"),
    ("repeating", "the repeating instruments and events"),
)


class Command(BaseCommand):
    help = "Import a REDCap project (dictionary, raw records, events) into a cohort, or export one."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        load = actions.add_parser("import", help="Import a dictionary and raw records.")
        load.add_argument("--dictionary", required=True, type=Path)
        load.add_argument("--records", required=True, type=Path)
        load.add_argument("--events", type=Path, help="events.csv of a longitudinal project")
        load.add_argument("--cohort", required=True, help='id or "<program slug>/<year>"')
        load.add_argument(
            "--name",
            help="a new project's name, which its instrument takes (default: the dictionary's "
            "file name, with -2, -3... when that is taken)",
        )
        load.add_argument(
            "--into",
            metavar="PROJECT",
            help="import into this project of the cohort, updating it in place: rows matched "
            "on record id, event, repeat instrument and instance are updated, new rows added",
        )
        for part, what in _TABLES:
            load.add_argument(f"--{part}", type=Path, help=f"{what} (CSV, optional)")
        load.add_argument(
            "--match-on",
            default="",
            metavar="FIELD",
            help="link records to people enrolled in the cohort by this field's email (default: "
            "every field validated as email, then a record id that is an email)",
        )
        load.add_argument(
            "--type",
            action="append",
            default=[],
            metavar="VARIABLE=TYPE",
            help="write this item as likert or single (a matrix group follows its first item); "
            "--dry-run lists every item's type",
        )
        load.add_argument("--wave", default="", help="wave label for a project without events")
        load.add_argument("--dry-run", action="store_true", help="check and report, write nothing")
        dump = actions.add_parser("export", help="Export a cohort's responses.")
        dump.add_argument("--cohort", required=True)
        dump.add_argument("--dictionary", required=True, type=Path)
        dump.add_argument("--records", required=True, type=Path)
        dump.add_argument("--events", type=Path, help="also write events.csv (longitudinal)")
        dump.add_argument("--instrument", help="when the cohort has several instruments")
        for part, what in _TABLES:
            dump.add_argument(f"--{part}", type=Path, help=f"also write {what}, if the project has")

    def handle(self, *args: Any, **options: Any) -> None:
        cohort = find_cohort(options["cohort"])
        if options["action"] == "import":
            self._import(cohort, options)
        else:
            self._export(cohort, options)

    def _import(self, cohort: Any, options: Any) -> None:
        paths = [options["dictionary"], options["records"], options["events"]]
        if options["into"] and options["name"]:
            raise CommandError("--into imports into a project of that name: give no --name")
        name = options["into"] or options["name"] or free_name(options["dictionary"].stem)
        texts = read_texts(self, *paths)
        table_paths = {part: options[part] for part, _ in _TABLES if options[part]}
        tables = dict(zip(table_paths, read_texts(self, *table_paths.values()), strict=True))
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
                into=bool(options["into"]),
                metadata={part: text or "" for part, text in tables.items()},
                metadata_sources={part: str(path) for part, path in table_paths.items()},
                sources=(str(paths[0]), str(paths[1]), str(paths[2] or "events")),
                types=parse_type_options(options["type"]),
                match_on=options["match_on"],
            )
        except ImportProblem as problem:
            raise CommandError("nothing imported:\n" + "\n".join(problem.problems)) from None
        self.stdout.write(report.summary())
        if options["dry_run"] and report.definition is not None:
            self.stdout.write("\n".join(type_lines(report.definition)))
        self.stdout.write("\n".join(report.details()))

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
        for part, _ in _TABLES:
            if options[part] and part in export.tables:
                options[part].write_text(export.tables[part], encoding="utf-8")
                written.append(str(options[part]))
        self.stdout.write(f"Wrote {', '.join(written)}.")
