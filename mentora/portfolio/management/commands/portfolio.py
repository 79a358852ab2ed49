"""`mentora portfolio --person EMAIL --format pdf|docx --out FILE`: a learner's portfolio, as
the download on their portfolio page writes it (with their choice of what goes in)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from mentora.audit.record import Action, record
from mentora.core.text import plural
from mentora.people.models import Person
from mentora.portfolio.export import FORMATS, render_portfolio
from mentora.portfolio.gather import gather


class Command(BaseCommand):
    help = "Write a learner's learning portfolio (goals, procedures, mini-CEX chart): PDF, DOCX."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--person", required=True, help="the learner's email")
        parser.add_argument("--format", required=True, choices=sorted(FORMATS))
        parser.add_argument("--out", required=True, type=Path, help="the file to write")

    def handle(self, *args: Any, **options: Any) -> None:
        email: str = options["person"].strip()
        out = Path(options["out"])
        found = list(Person.objects.filter(email__iexact=email)[:2])
        if not found:
            raise CommandError(f"--person {email}: nobody has this email")
        if len(found) > 1:
            raise CommandError(f"--person {email}: more than one person has this email")
        if out.is_dir():
            raise CommandError(f"--out {out}: is a folder; name the file to write")
        if not out.parent.is_dir():
            raise CommandError(f"--out {out}: the folder {out.parent} does not exist")
        learner = found[0]
        portfolio = gather(learner)
        body = render_portfolio(portfolio, options["format"])
        out.write_bytes(body)
        record(
            Action.EXPORT,
            learner,
            note=f"learning portfolio written as {options['format']} by the mentora command",
        )
        goals = plural(len(portfolio.goals), "goal", "goals")
        confirmed = len(portfolio.procedures)
        procedures = plural(confirmed, "confirmed procedure", "confirmed procedures")
        seen = plural(portfolio.observation_count, "mini-CEX observation", "mini-CEX observations")
        self.stdout.write(f"Wrote {out}: {goals} achieved, {procedures}, {seen}.")
