"""Files named on the command line, read through the one text reader (mentora.core.uploads)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from mentora.surveys.interchange.csvio import read_text
from mentora.surveys.interchange.errors import InterchangeError


def read_texts(command: BaseCommand, *paths: Path | None) -> list[str | None]:
    """The text of each file (None for a path not given); a file read in a guessed encoding
    is named on standard error, a missing or unreadable one is a CommandError."""
    guessed: list[str] = []
    texts: list[str | None] = []
    for path in paths:
        if path is None:
            texts.append(None)
            continue
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        try:
            texts.append(read_text(path, guessed))
        except InterchangeError as error:
            raise CommandError("\n".join(str(p) for p in error.problems)) from None
    for warning in guessed:
        command.stderr.write(f"warning: {warning}")
    return texts
