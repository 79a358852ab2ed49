"""`mentora serve`: gunicorn sized from the environment, and a fresh checkout serving its CSS."""

from __future__ import annotations

import gzip
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management.base import CommandError
from django.db import OperationalError, connection, connections, transaction

from mentora.core.management.commands.serve import (
    MIGRATION_LOCK,
    MentoraServer,
    bind_address,
    gunicorn_options,
    migrate,
)

CHECKOUT = Path(__file__).resolve().parents[2]
STARTUP_SECONDS = 120  # migrate a fresh database, collect static files, boot one worker


@pytest.mark.parametrize(
    ("given", "bind"),
    [
        ("8001", "127.0.0.1:8001"),
        ("0.0.0.0:8000", "0.0.0.0:8000"),
        ("localhost:9000", "localhost:9000"),
        ("[::1]:8000", "[::1]:8000"),
        ("unix:/run/mentora/mentora.sock", "unix:/run/mentora/mentora.sock"),
    ],
)
def test_the_address_is_read_as_runserver_reads_it(given: str, bind: str) -> None:
    assert bind_address(given) == bind


@pytest.mark.parametrize(
    "given", ["", "http://127.0.0.1:8000", "127.0.0.1:", "host:70000", "unix:"]
)
def test_a_bad_address_is_named(given: str) -> None:
    with pytest.raises(CommandError, match="not an address to serve on"):
        bind_address(given)


@pytest.fixture
def no_sizing(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for name in ["GUNICORN_WORKERS", "WEB_CONCURRENCY", "GUNICORN_THREADS", "GUNICORN_TIMEOUT"]:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("GUNICORN_CMD_ARGS", raising=False)
    return monkeypatch


def test_workers_default_to_twice_the_cores_plus_one_and_at_most_eight(no_sizing: Any) -> None:
    on_two_cores = gunicorn_options("127.0.0.1:8000", cores=2)
    assert (on_two_cores["workers"], on_two_cores["threads"]) == (5, 4)
    assert on_two_cores["worker_class"] == "gthread"
    assert gunicorn_options("127.0.0.1:8000", cores=32)["workers"] == 8


def test_sizing_comes_from_the_environment(no_sizing: pytest.MonkeyPatch) -> None:
    no_sizing.setenv("WEB_CONCURRENCY", "7")
    assert gunicorn_options("127.0.0.1:8000", cores=2)["workers"] == 7
    no_sizing.setenv("GUNICORN_WORKERS", "3")
    no_sizing.setenv("GUNICORN_THREADS", "2")
    no_sizing.setenv("GUNICORN_TIMEOUT", "120")
    options = gunicorn_options("127.0.0.1:8000", cores=2)
    assert (options["workers"], options["threads"], options["timeout"]) == (3, 2, 120)


@pytest.mark.parametrize(("name", "raw"), [("GUNICORN_THREADS", "many"), ("GUNICORN_WORKERS", "0")])
def test_a_bad_size_is_named(no_sizing: pytest.MonkeyPatch, name: str, raw: str) -> None:
    no_sizing.setenv(name, raw)
    with pytest.raises(CommandError, match=raw if raw == "many" else "workers must be at least 1"):
        gunicorn_options("127.0.0.1:8000", cores=2)


def test_gunicorn_cmd_args_win_over_the_defaults(no_sizing: pytest.MonkeyPatch) -> None:
    no_sizing.setenv("GUNICORN_CMD_ARGS", "--threads 9 --forwarded-allow-ips 10.0.0.2")
    server = MentoraServer(gunicorn_options("127.0.0.1:8000", cores=2))
    assert server.cfg.threads == 9
    assert server.cfg.workers == 5
    assert server.cfg.forwarded_allow_ips == ["10.0.0.2"]
    assert server.cfg.control_socket_disable is True


@pytest.mark.postgres
def test_servers_starting_together_migrate_one_at_a_time(db: None) -> None:
    if connection.vendor != "postgresql":
        if os.environ.get("MENTORA_REQUIRE_POSTGRES"):
            pytest.fail("MENTORA_REQUIRE_POSTGRES is set but DATABASE_URL is not PostgreSQL")
        pytest.skip("the migration lock is PostgreSQL's: set DATABASE_URL=postgres://...")
    other_server = connections.create_connection("default")
    try:
        with other_server.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s)", [MIGRATION_LOCK])
        with pytest.raises(OperationalError, match="lock timeout"), transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL lock_timeout = '300ms'")
            migrate()  # waits for the other server's migrations
        with other_server.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [MIGRATION_LOCK])
        migrate()
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_locks "
                "WHERE locktype = 'advisory' AND pid = pg_backend_pid()"
            )
            assert cursor.fetchone() == (0,)
    finally:
        other_server.close()


def _free_loopback_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _get(url: str, headers: dict[str, str] | None = None) -> Any:
    return urllib.request.urlopen(urllib.request.Request(url, headers=headers or {}), timeout=10)


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """`mentora serve` as a user runs it on a fresh checkout: no settings but a database."""
    port = _free_loopback_port()
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "GUNICORN_CMD_ARGS", "SITE_URL"}
        and not key.startswith(("DJANGO_", "PYTEST_"))
    }
    env.update(
        DATABASE_URL=f"sqlite:///{tmp_path / 'mentora.sqlite3'}",
        MENTORA_VAR_DIR=str(tmp_path / "var"),
        GUNICORN_WORKERS="1",
        GUNICORN_THREADS="2",
    )
    log = (tmp_path / "serve.log").open("wb")
    server = subprocess.Popen(
        [str(Path(sys.executable).with_name("mentora")), "serve", f"127.0.0.1:{port}"],
        cwd=tmp_path,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while True:
            try:
                _get(f"{base}/health/").close()
                break
            except (urllib.error.URLError, ConnectionError):
                output = (tmp_path / "serve.log").read_text()
                assert server.poll() is None, f"mentora serve exited early:\n{output}"
                assert time.monotonic() < deadline, f"not up in {STARTUP_SECONDS}s:\n{output}"
                time.sleep(0.25)
        yield base, server
    finally:
        if server.poll() is None:
            server.kill()
            server.wait(timeout=10)
        log.close()


def test_a_fresh_checkout_serves_its_pages_and_hashed_compressed_css(
    served: tuple[str, subprocess.Popen[bytes]],
    tmp_path: Path,
) -> None:
    base, server = served
    with _get(f"{base}/health/") as health:
        assert health.status == 200
        assert json.load(health) == {"status": "ok", "database": "ok"}
        assert health.headers["Server"] == "gunicorn"

    with _get(f"{base}/login/") as login:
        page = login.read().decode()
    stylesheet = re.search(r'<link rel="stylesheet" href="([^"]+)"', page)
    assert stylesheet, page
    assert re.fullmatch(r"/static/core/mentora\.[0-9a-f]{12}\.css", stylesheet[1])

    source = (CHECKOUT / "mentora/core/static/core/mentora.css").read_bytes()
    with _get(base + stylesheet[1], {"Accept-Encoding": "gzip"}) as css:
        assert css.status == 200
        assert css.headers["Content-Type"].startswith("text/css")
        assert css.headers["Content-Encoding"] == "gzip"
        assert "immutable" in css.headers["Cache-Control"]
        assert gzip.decompress(css.read()) == source
    with _get(base + stylesheet[1]) as plain:
        assert "Content-Encoding" not in plain.headers
        assert plain.read() == source
    # the 500 page, which renders with no template tags, links the stylesheet by its plain name
    with _get(f"{base}/static/core/mentora.css") as unhashed:
        assert unhashed.status == 200 and unhashed.read() == source
    # no SITE_URL set: links in mails follow the address served on, and serve says so
    assert f"links in mails point at {base}/" in (tmp_path / "serve.log").read_text()

    server.send_signal(signal.SIGTERM)
    assert server.wait(timeout=40) == 0
    with pytest.raises(urllib.error.URLError):
        _get(f"{base}/health/")
