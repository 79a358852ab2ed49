"""`mentora dossier --person EMAIL --out FILE`: a mentor's dossier as DOCX, for a promotion
file (the download on the mentor's own page writes the same document)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from mentora.audit.record import Action, record
from mentora.feedback.dossier import dossier_docx, dossier_of
from mentora.people.models import Person


class Command(BaseCommand):
    help = "Write a mentor's dossier (mentees, meetings, observations, training) as DOCX."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--person", required=True, help="the mentor's email")
        parser.add_argument("--out", required=True, type=Path, help="the .docx file to write")

    def handle(self, *args: Any, **options: Any) -> None:
        email = options["person"].strip()
        mentor = Person.objects.filter(email__iexact=email).first()
        if mentor is None:
            raise CommandError(f"--person {email}: nobody in Mentora has this email.")
        out: Path = options["out"]
        if out.is_dir():
            raise CommandError(f"--out {out}: a folder; give a file name, e.g. dossier.docx")
        if not out.parent.is_dir():
            raise CommandError(f"--out {out}: the folder {out.parent} does not exist.")
        dossier = dossier_of(mentor)
        out.write_bytes(dossier_docx(dossier, timezone.localdate()))
        record(Action.EXPORT, mentor, note="mentor dossier (command line)")
        self.stdout.write(
            f"Wrote {out}: {mentor.full_name}, {dossier.mentees} mentees, "
            f"{sum(row.meetings for row in dossier.years)} meetings held, "
            f"{dossier.observations} observations given."
        )
