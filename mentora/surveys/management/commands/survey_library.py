"""`mentora survey_library`: load the seed instruments (a new version where one changed)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from mentora.surveys.library import ensure_library


class Command(BaseCommand):
    help = "Load the instrument library from the seeds."

    def handle(self, *args: Any, **options: Any) -> None:
        for name, instrument in ensure_library(timezone.now()).items():
            self.stdout.write(f"{name}: version {instrument.version}")
