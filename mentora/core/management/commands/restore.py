"""`mentora restore FILE`: a backup made by `mentora backup`, into an empty database."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from mentora.core.backups import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Restore a backup made by `mentora backup` into an empty database (a new SQLite file "
        "or a new PostgreSQL database, named by DATABASE_URL): migrates it, then loads every "
        "table in one transaction. A database holding anything is refused."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="a file written by `mentora backup`")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            summary = restore_backup(options["file"], say=self.stdout.write)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            summary.text("Restored")
            + f" (backed up {summary.made} from {summary.vendor or 'a database'})"
        )
