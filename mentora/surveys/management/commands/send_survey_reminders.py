"""`mentora send_survey_reminders [--loop]`: remind everyone whose survey is due a reminder.

An alias kept for schedulers that call it: `mentora remind` sends these with every other
reminder, through the same outbox. Safe to run in several processes at once: each reminder is
claimed under a lock (see mentora.surveys.actions.send_due_reminders).
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from mentora.surveys.actions import send_due_reminders


class Command(BaseCommand):
    help = "Send due survey reminders; with --loop, keep watching for more."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--loop", action="store_true", help="run until stopped")
        parser.add_argument("--every", type=float, default=60.0, help="seconds between checks")
        parser.add_argument("--batch", type=int, default=100, help="reminders claimed at a time")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["batch"] < 1:
            raise CommandError("--batch must be at least 1.")
        if not options["loop"]:
            sent = send_due_reminders(timezone.now(), batch=options["batch"])
            self.stdout.write(f"Sent {sent} reminders.")
            return
        self.stdout.write("Sending survey reminders as they fall due (Ctrl-C to stop).")
        try:
            while True:
                sent = send_due_reminders(timezone.now(), batch=options["batch"])
                if sent:
                    self.stdout.write(f"Sent {sent} reminders.")
                time.sleep(options["every"])
        except KeyboardInterrupt:
            pass
