"""Qualitative coding from the command line; a project is named by its number or name (the
demo's seed 002 comments project when agreement or export names none).

- `mentora qda agreement [--project P] [--out FILE.csv]`: the agreement between the project's
  coders, one row per code and the overall row (columns code, coders, units, alpha, kappa,
  percent_agreement, the 95% bootstrap intervals, prevalence, codebook_version).
- `mentora qda export [--project P] --out FILE.qdpx`: the whole project as REFI-QDA (FILE.qdc:
  the codebook alone).
- `mentora qda import FILE.qdpx --project P`: a REFI-QDA project into project P, all or nothing
  (its codings' users must be P's coders, matched by name).
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from mentora.core.cells import neutralise_row
from mentora.core.demo.qualitative import PROJECT_002 as DEMO_PROJECT
from mentora.qualitative.agreement import agreement
from mentora.qualitative.models import Project
from mentora.qualitative.pure.reliability import BOOTSTRAP, COLUMNS
from mentora.qualitative.refi import codebook_qdc, export_qdpx
from mentora.qualitative.refi_import import RefiError, do_import_refi

HELP_PROJECT = "The project's number or name (the demo's project when none is named)."


def find_project(name: str | None) -> Project:
    """The project named or numbered; with no name, the demo's (seed 002's comments)."""
    if name is None:
        demo = Project.objects.filter(cohort__program__is_synthetic=True, name=DEMO_PROJECT)
        if (project := demo.first()) is None:
            raise CommandError("--project: name the project (there is no demo project here).")
        return project
    found = Project.objects.filter(name=name)
    if name.isdigit():
        found = found | Project.objects.filter(pk=int(name))
    projects = list(found.select_related("cohort"))
    if not projects:
        raise CommandError(f"--project: no coding project named or numbered {name!r}.")
    if len(projects) > 1:
        named = ", ".join(f"{p.pk} ({p.cohort})" for p in projects)
        raise CommandError(f"--project: {name!r} names several projects; give the number: {named}")
    return projects[0]


class Command(BaseCommand):
    help = "Qualitative coding: agreement between coders."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="verb", required=True)
        figures = commands.add_parser("agreement", help="Agreement per code and overall, as CSV.")
        figures.add_argument("--project", help=HELP_PROJECT)
        figures.add_argument("--out", help="The CSV file to write (standard output if none).")
        figures.add_argument("--draws", type=int, default=BOOTSTRAP,
                             help="Bootstrap resamples for the intervals.")
        figures.add_argument("--seed", type=int, default=0, help="The bootstrap's seed.")
        export = commands.add_parser("export", help="The whole project as REFI-QDA (.qdpx).")
        export.add_argument("--project", help=HELP_PROJECT)
        export.add_argument("--out", required=True,
                            help="The .qdpx file to write (.qdc: the codebook alone).")
        read = commands.add_parser("import", help="A REFI-QDA project (.qdpx) into a project.")
        read.add_argument("file", help="The .qdpx file.")
        read.add_argument("--project", required=True, help="The project's number or name.")

    def handle(self, *args: Any, **options: Any) -> None:
        project = find_project(options["project"])
        if options["verb"] == "import":
            path = Path(options["file"])
            try:
                made = do_import_refi(project, path.read_bytes(), path.name, timezone.now())
            except (OSError, RefiError) as error:
                raise CommandError(str(error)) from None
            self.stdout.write(f"{project.name}: {made['codes']} codes, {made['sources']} "
                              f"sources and {made['codings']} codings imported from {path.name}.")
            return
        if options["verb"] == "export":
            target = Path(options["out"])
            if target.suffix.lower() == ".qdc":
                target.write_bytes(codebook_qdc(project))
                self.stderr.write(f"{project.name}: codebook v{project.codebook_version} "
                                  f"written to {target} (REFI-QDA codebook).")
                return
            target.write_bytes(export_qdpx(project))
            self.stderr.write(f"{project.name}: {project.sources.count()} sources written to "
                              f"{target} (REFI-QDA).")
            return
        rows = agreement(project, draws=options["draws"], seed=options["seed"])
        out = options.get("out")
        handle = open(out, "w", newline="", encoding="utf-8") if out else sys.stdout  # noqa: SIM115
        try:
            writer = csv.writer(handle)
            writer.writerow([*COLUMNS, "codebook_version"])
            for row in rows:
                writer.writerow(neutralise_row([*row.row().values(), project.codebook_version]))
        finally:
            if out:
                handle.close()
        if out:
            self.stderr.write(f"{len(rows)} rows written to {Path(out)}.")
