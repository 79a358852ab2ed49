"""The `mentora` console command: Django's management commands under one friendly name.

`mentora demo` builds the demo, `mentora serve` migrates and serves with gunicorn (production
settings), `mentora runserver` is Django's development server (with DEBUG on unless DEBUG is
set), and every other word is a management command (`mentora match solve ...`,
`mentora redcap import ...`, `mentora stats prepost ...`).
"""

from __future__ import annotations

import os
import sys

# Commands that ask for debug mode: the development server reloads code and serves static files
# from the apps, with Django's error pages.
DEBUG_COMMANDS = {"runserver"}


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv if argv is None else argv)
    if len(args) > 1 and args[1] in DEBUG_COMMANDS:
        os.environ.setdefault("DEBUG", "true")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentora.settings")
    from django.conf import settings
    from django.core.management import execute_from_command_line

    settings.VAR_DIR.mkdir(parents=True, exist_ok=True)
    args[0] = "mentora"
    execute_from_command_line(args)
    return 0
