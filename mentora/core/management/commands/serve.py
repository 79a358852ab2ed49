"""`mentora serve`: migrate, collect static files, then run gunicorn in this process.

Gunicorn's master process is this one, so Ctrl-C (SIGINT) or systemd's SIGTERM stops the
workers and then it; SIGHUP reloads the workers. Sizing comes from the environment:

- GUNICORN_WORKERS (or WEB_CONCURRENCY): processes; default 2 x cores + 1, at most 8.
- GUNICORN_THREADS: threads per process; default 4.
- GUNICORN_TIMEOUT: seconds before a silent worker is killed and replaced; default 60.
- GUNICORN_CMD_ARGS: any other gunicorn option, as on its command line (it wins over the above).
"""

from __future__ import annotations

import os
import re
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings as django_settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, connections
from gunicorn.app.base import BaseApplication

from mentora.core.checks import DEFAULT_SITE_URL
from mentora.env import ConfigurationError, env_int, env_str

MAX_DEFAULT_WORKERS = 8
# One PostgreSQL advisory lock for migrations ("mentora" in ASCII), so that app servers starting
# together migrate one after another and the later ones find nothing left to do.
MIGRATION_LOCK = 0x6D656E746F7261

_HOST_PORT = re.compile(r"^(?:(?P<host>\[[0-9a-fA-F:.]+\]|[^:\[\]]+):)?(?P<port>\d{1,5})$")


def bind_address(addrport: str) -> str:
    """Gunicorn's bind for `PORT`, `ADDR:PORT`, `[IPv6]:PORT` or `unix:/path/to.sock`."""
    if addrport.startswith("unix:") and len(addrport) > len("unix:"):
        return addrport
    match = _HOST_PORT.match(addrport)
    if not match or not 0 < int(match["port"]) < 65536:
        raise CommandError(
            f"{addrport!r} is not an address to serve on: give PORT, ADDR:PORT, "
            "[IPv6]:PORT or unix:/path/to.sock (e.g. 127.0.0.1:8000)"
        )
    return f"{match['host'] or '127.0.0.1'}:{match['port']}"


LOOPBACK = {"127.0.0.1", "localhost", "[::1]"}
WILDCARD = {"0.0.0.0", "[::]"}


def site_url_for(bind: str, given: str) -> tuple[str, str]:
    """The address links in mails should carry while serving on `bind`, and a warning when it
    may not reach this server. `given` is SITE_URL from the environment ("" when unset).

    Unset, it follows the bind: `mentora serve 8001` mails links to http://127.0.0.1:8001.
    Set, it is kept (behind a reverse proxy it rightly differs from the bind), with a warning
    only when it names this machine on another port than the one served.
    """
    if bind.startswith("unix:"):
        if given:
            return given, ""
        return DEFAULT_SITE_URL, (
            f"SITE_URL is not set: links in mails point at {DEFAULT_SITE_URL}, not at the "
            "proxy in front of this socket. Set SITE_URL to the address people open."
        )
    host, _, port = bind.rpartition(":")
    here = f"http://{bind}"
    if given:
        parts = urlsplit(given)
        named = parts.hostname or ""
        named = f"[{named}]" if ":" in named else named
        named_port = parts.port or (443 if parts.scheme == "https" else 80)
        same_machine = named in LOOPBACK and (host in LOOPBACK or host in WILDCARD)
        if same_machine and named_port != int(port):
            return given, (
                f"SITE_URL is {given} but Mentora serves on port {port}: links in mails will "
                f"not reach it. Set SITE_URL={here} or serve on port {named_port}."
            )
        return given, ""
    if host in WILDCARD:
        local = f"http://127.0.0.1:{port}"
        return local, (
            f"SITE_URL is not set: links in mails point at {local}, which only this machine "
            "opens. Set SITE_URL to the address people open (e.g. https://mentora.example.edu)."
        )
    return here, ""


def available_cores() -> int:
    """The cores this process may run on (a container's or taskset's limit, not the machine's)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def gunicorn_options(bind: str, cores: int) -> dict[str, Any]:
    """Gunicorn's settings for this machine and environment."""
    try:
        default_workers = min(2 * cores + 1, MAX_DEFAULT_WORKERS)
        workers = env_int("GUNICORN_WORKERS", env_int("WEB_CONCURRENCY", default_workers))
        threads = env_int("GUNICORN_THREADS", 4)
        timeout = env_int("GUNICORN_TIMEOUT", 60)
    except ConfigurationError as error:
        raise CommandError(str(error)) from None
    for name, value in [("workers", workers), ("threads", threads), ("timeout", timeout)]:
        if value < 1:
            raise CommandError(f"gunicorn {name} must be at least 1, not {value}")
    return {
        "bind": [bind],
        "workers": workers,
        "threads": threads,
        "worker_class": "gthread",
        "timeout": timeout,
        "graceful_timeout": 30,
        "accesslog": "-",
        "errorlog": "-",
        "proc_name": "mentora",
        # Gunicorn 25's control socket lives at one path per user: two servers would share it.
        "control_socket_disable": True,
    }


class MentoraServer(BaseApplication):
    """Gunicorn running mentora.wsgi with settings given here, then GUNICORN_CMD_ARGS."""

    def __init__(self, options: dict[str, Any]) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)
        from_environment = self.cfg.parser().parse_args(self.cfg.get_cmd_args_from_env())
        for key, value in vars(from_environment).items():
            if value is not None and key != "args":
                self.cfg.set(key.lower(), value)

    def load(self) -> Any:
        from mentora.wsgi import application

        return application


def migrate() -> None:
    """Apply migrations; on PostgreSQL one server at a time (see MIGRATION_LOCK)."""
    if connection.vendor != "postgresql":
        call_command("migrate", verbosity=0, interactive=False)
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s)", [MIGRATION_LOCK])
    try:
        call_command("migrate", verbosity=0, interactive=False)
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [MIGRATION_LOCK])


class Command(BaseCommand):
    help = (
        "Migrate, collect static files, then serve Mentora with gunicorn on "
        "http://127.0.0.1:8000 (or the address given). Ctrl-C stops it."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "addrport",
            nargs="?",
            default="127.0.0.1:8000",
            help="PORT, ADDR:PORT, [IPv6]:PORT or unix:/path/to.sock (default 127.0.0.1:8000)",
        )
        parser.add_argument(
            "--no-migrate",
            dest="migrate",
            action="store_false",
            help="do not apply migrations first (when `mentora migrate` runs on its own)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        bind = bind_address(options["addrport"])
        settings = gunicorn_options(bind, available_cores())
        # The workers are forked from this process and keep its settings (and environment).
        site_url, warning = site_url_for(bind, env_str("SITE_URL"))
        django_settings.SITE_URL = os.environ["SITE_URL"] = site_url
        if warning:
            self.stderr.write(self.style.WARNING(warning))
        if options["migrate"]:
            migrate()
        call_command("collectstatic", verbosity=0, interactive=False)
        # Workers are forked from this process: none may inherit its database connection.
        connections.close_all()
        where = bind if bind.startswith("unix:") else f"http://{bind}/"
        self.stdout.write(
            f"Mentora at {where} with gunicorn: {settings['workers']} workers x "
            f"{settings['threads']} threads (Ctrl-C stops it); links in mails point at "
            f"{site_url.rstrip('/')}/"
        )
        self.stdout.flush()
        MentoraServer(settings).run()
