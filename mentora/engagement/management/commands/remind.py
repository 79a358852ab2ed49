"""`mentora remind --once | --loop`: the reminder step from the command line.

`--once` plans and sends everything due now, prints what it sent and exits; `--loop` does the
same every `--every` seconds until stopped (SIGTERM or Ctrl-C end it between two runs, never in
the middle of a message). Several at once, or beside the worker's schedule, send each message
once (mentora.engagement.delivery).
"""

from __future__ import annotations

import signal
import threading
from types import FrameType
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from mentora.core.text import plural
from mentora.engagement.delivery import remind


class Command(BaseCommand):
    help = "Send the reminders and notifications due now (--once), or keep doing so (--loop)."

    def add_arguments(self, parser: CommandParser) -> None:
        how = parser.add_mutually_exclusive_group()
        how.add_argument("--once", action="store_true", help="send what is due now, then exit")
        how.add_argument("--loop", action="store_true", help="keep sending until stopped")
        parser.add_argument("--every", type=float, default=60.0, help="seconds between runs")
        parser.add_argument("--batch", type=int, default=100, help="messages read at a time")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["batch"] < 1:
            raise CommandError("--batch must be at least 1.")
        if options["every"] <= 0:
            raise CommandError("--every must be more than 0 seconds.")
        if not options["loop"]:
            self._run(options["batch"], quiet_when_none=False)
            return
        stop = threading.Event()

        def _stop(signum: int, frame: FrameType | None) -> None:
            stop.set()

        previous = {sig: signal.signal(sig, _stop) for sig in (signal.SIGTERM, signal.SIGINT)}
        self.stdout.write("Sending reminders as they fall due (SIGTERM or Ctrl-C stops).")
        try:
            while not stop.is_set():
                self._run(options["batch"], quiet_when_none=True)
                stop.wait(options["every"])
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        self.stdout.write("Stopped.")

    def _run(self, batch: int, *, quiet_when_none: bool) -> None:
        sent = remind(timezone.now(), batch=batch)
        for message in sent:
            self.stdout.write(f"Sent {message}")
        if sent or not quiet_when_none:
            self.stdout.write(f"Sent {plural(len(sent), 'message', 'messages')}.")
