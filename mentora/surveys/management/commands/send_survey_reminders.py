"""`mentora send_survey_reminders [--loop]`: remind everyone whose survey is due a reminder.

Safe to run in several processes at once: each reminder is claimed with an optimistic lock.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from mentora.surveys.actions import send_one_reminder


class Command(BaseCommand):
    help = "Send due survey reminders; with --loop, keep watching for more."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--loop", action="store_true", help="run until stopped")
        parser.add_argument("--every", type=float, default=60.0, help="seconds between checks")

    def send_due(self) -> int:
        sent = 0
        while send_one_reminder(timezone.now()):
            sent += 1
        return sent

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["loop"]:
            self.stdout.write(f"Sent {self.send_due()} reminders.")
            return
        self.stdout.write("Sending survey reminders as they fall due (Ctrl-C to stop).")
        try:
            while True:
                sent = self.send_due()
                if sent:
                    self.stdout.write(f"Sent {sent} reminders.")
                time.sleep(options["every"])
        except KeyboardInterrupt:
            pass
