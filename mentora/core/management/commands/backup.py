"""`mentora backup [--out FILE]`: every table into one portable, compressed file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from mentora.core.backups import BackupError, default_path, write_backup


class Command(BaseCommand):
    help = (
        "Back up every table (SQLite or PostgreSQL) into one compressed JSON-lines file that "
        "`mentora restore` loads into an empty database of either kind. The file holds "
        "students' records: keep it where only those who may restore can read it."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--out",
            type=Path,
            help="the file to write (default var/backups/mentora-DATE-TIME.jsonl.gz); "
            "it must not exist yet",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = options["out"] or default_path(settings.VAR_DIR / "backups", timezone.now())
        try:
            summary = write_backup(path)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(summary.text("Backed up"))
