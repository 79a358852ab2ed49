"""`mentora prune_notifications [--dry-run]`: the daily pruning of old notifications by hand.

Deletes the notifications older than their kind's keep period, settled and past coming back
(mentora.engagement.retention), audited as one event; `--dry-run` counts them and deletes
nothing.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from mentora.engagement.pruning import do_prune_notifications, prune_notifications, summary


class Command(BaseCommand):
    help = "Delete old settled notifications whose reminders cannot come back (--dry-run: count)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="count what would be deleted, delete nothing"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        now = timezone.now()
        if options["dry_run"]:
            self.stdout.write(f"Would delete {summary(prune_notifications(now, dry_run=True))}.")
            return
        note = do_prune_notifications(now)
        self.stdout.write(note[:1].upper() + note[1:] + ".")
