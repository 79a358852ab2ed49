from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from mentora.core.demo.build import build_demo, logins_text
from mentora.programs.models import Program


def where_to_sign_in() -> str:
    """SITE_URL: where `mentora serve` with no address (so `make demo`) answers, unless SITE_URL
    names another address (then serve warns), and what links in the demo's mails carry."""
    return f"Serve it with `mentora serve`, then sign in at {settings.SITE_URL.rstrip('/')}/"


class Command(BaseCommand):
    help = "Build the demo: the five seed programs with synthetic people and their activity."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--today", type=date.fromisoformat, help="Pretend today is this date.")
        parser.add_argument("--seed", type=int, default=2026, help="Random seed (default 2026).")
        parser.add_argument(
            "--force", action="store_true", help="Replace the data even if it is not a demo."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", verbosity=0, interactive=False)
        if Program.objects.filter(is_synthetic=False).exists() and not options["force"]:
            raise CommandError(
                "This database holds real programs; the demo replaces everything. "
                "Use a fresh database, or --force if you really mean it."
            )
        self.stdout.write("Clearing the database for the demo...")
        call_command("flush", interactive=False, verbosity=0)
        today = options["today"] or timezone.localdate()
        ctx = build_demo(today, options["seed"], self.stdout.write)
        self.stdout.write(self.style.SUCCESS("\nDemo ready."))
        self.stdout.write(logins_text(ctx))
        self.stdout.write(where_to_sign_in())
