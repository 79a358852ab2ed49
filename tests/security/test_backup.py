"""`mentora backup` and `mentora restore`: the drill, and every way a restore is refused.

The drill backs up the demo, restores it with `mentora restore` in a fresh process into an
empty second database (a new SQLite file, or on PostgreSQL a throwaway database on the same
server) and compares every table of every model (django-q2's, auth's and the many-to-many
tables included) row by row; it prints its figures (docs/security.md).
"""

from __future__ import annotations

import gzip
import json
import os
import re
import stat
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from mentora.people.models import Person
from mentora.programs.models import Program
from tests.conftest import World
from tests.security import snapshot

ROOT = Path(__file__).resolve().parents[2]


def _backup(path: Path | None) -> str:
    out = StringIO()
    call_command("backup", out=path, stdout=out)
    return out.getvalue()


def _restore(path: Path) -> str:
    out = StringIO()
    call_command("restore", str(path), stdout=out)
    return out.getvalue()


def _env(database_url: str, tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "DJANGO_"))}
    env.update(DATABASE_URL=database_url, MENTORA_VAR_DIR=str(tmp_path / "var"))
    return env


@pytest.fixture
def empty_database(tmp_path: Path) -> Iterator[str]:
    """The URL of a database nothing has touched, of the kind the tests run on."""
    if connection.vendor != "postgresql":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    import psycopg

    settings = connection.settings_dict
    name = f"mentora_drill_{uuid.uuid4().hex[:12]}"
    server = {
        "host": settings["HOST"] or "127.0.0.1",
        "port": settings["PORT"] or 5432,
        "user": settings["USER"],
        "password": settings["PASSWORD"],
    }
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    auth = settings["USER"] + (f":{settings['PASSWORD']}" if settings["PASSWORD"] else "")
    try:
        yield f"postgres://{auth}@{server['host']}:{server['port']}/{name}"
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.django_db
def test_the_drill_restores_the_demo_into_an_empty_database_row_for_row(
    demo: Any, tmp_path: Path, empty_database: str
) -> None:
    file = tmp_path / "demo.jsonl.gz"
    started = time.monotonic()
    said = _backup(file)
    backup_seconds = time.monotonic() - started

    started = time.monotonic()
    restored = subprocess.run(
        [str(Path(sys.executable).with_name("mentora")), "restore", str(file)],
        env=_env(empty_database, tmp_path),
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    restore_seconds = time.monotonic() - started
    assert restored.returncode == 0, restored.stdout + restored.stderr
    after = subprocess.run(
        [sys.executable, "-m", "tests.security.snapshot"],
        env=_env(empty_database, tmp_path),
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    target, source = json.loads(after.stdout), snapshot.tables()

    assert source["unmodelled"] == target["unmodelled"] == []
    assert sorted(target["tables"]) == sorted(source["tables"])
    for table, rows in source["tables"].items():
        theirs = target["tables"][table]
        assert len(theirs) == len(rows), f"{table}: {len(rows)} rows backed up, {len(theirs)}"
        for mine, restored_row in zip(rows, theirs, strict=True):
            assert restored_row == mine, f"{table}: a row differs after the restore"
    counts = {table: len(rows) for table, rows in source["tables"].items()}
    for table in ("auth_user", "django_q_schedule", "people_demographics", "surveys_answer",
                  "mentorships_meeting_mentorships", "django_content_type", "auth_permission"):
        assert counts[table] > 0, table  # the demo fills what the drill must prove
    total = sum(counts.values())
    assert f"{total:,} rows" in said and f"{total:,} rows" in restored.stdout
    print(
        f"\nbackup drill on {connection.vendor}: {len(counts)} tables "
        f"({sum(1 for c in counts.values() if c)} with rows), {total:,} rows compared, "
        f"0 differences; file {file.stat().st_size / 1024:,.0f} KB; backup "
        f"{backup_seconds:.1f} s, restore into an empty database {restore_seconds:.1f} s "
        "(a fresh process: migrate, then load)"
    )


@pytest.mark.django_db
def test_a_database_holding_anything_is_refused_and_left_as_it_was(
    world: World, tmp_path: Path
) -> None:
    file = tmp_path / "world.jsonl.gz"
    _backup(file)
    before = snapshot.tables()
    with pytest.raises(CommandError, match=r"not empty: .*auth\.user \(\d+ rows\)") as refused:
        _restore(file)
    assert "Restore only into an empty database" in str(refused.value)
    assert snapshot.tables() == before


def _empty_the_database() -> None:
    """As a new database would be after `migrate`."""
    connection.check_constraints()  # PostgreSQL truncates no table with checks pending
    call_command("flush", interactive=False, verbosity=0)
    assert not get_user_model().objects.exists() and not Person.objects.exists()


def _rewrite(source: Path, target: Path, change: Any) -> None:
    lines = gzip.decompress(source.read_bytes()).decode().splitlines(keepends=True)
    target.write_bytes(gzip.compress("".join(change(lines)).encode()))


def _header(lines: list[str], **fields: Any) -> list[str]:
    return [json.dumps({**json.loads(lines[0]), **fields}) + "\n", *lines[1:]]


def _missing_person(lines: list[str]) -> list[str]:
    """Enrolments of a person the file does not hold."""
    return [re.sub(r'"person": \d+', '"person": 999999', line)
            if '"model": "programs.enrolment"' in line else line for line in lines]


DAMAGED = {
    "not gzip": (lambda path, good: path.write_text("name,email\n"), "is not a Mentora backup"),
    "another format": (
        lambda path, good: path.write_bytes(gzip.compress(b'{"model": "auth.user"}\n')),
        "is not a Mentora backup",
    ),
    "a later format": (
        lambda path, good: _rewrite(good, path, lambda ls: _header(ls, version=2)),
        "format version 2",
    ),
    "another version of Mentora": (
        lambda path, good: _rewrite(
            good, path, lambda ls: _header(ls, migrations=[["people", "0009_future"]])
        ),
        r"another version of Mentora \(its migrations differ in .*people",
    ),
    "cut off": (
        lambda path, good: path.write_bytes(good.read_bytes()[:-200]),
        "nothing was written",
    ),
    "without its last line": (
        lambda path, good: _rewrite(good, path, lambda ls: ls[:-1]),
        "is cut off",
    ),
    "a row missing": (
        lambda path, good: _rewrite(good, path, lambda ls: [ls[0], *ls[2:]]),
        "does not hold the rows it lists",
    ),
    "a dangling reference": (
        lambda path, good: _rewrite(good, path, _missing_person),
        "nothing was written",
    ),
    "a bad value": (
        lambda path, good: _rewrite(
            good, path, lambda ls: [re.sub(r'"capacity": \d+', '"capacity": "many"', line)
                                    for line in ls]
        ),
        "could not be restored",
    ),
}


@pytest.mark.django_db
def test_a_damaged_or_foreign_file_is_refused_with_a_reason_and_writes_nothing(
    world: World, tmp_path: Path
) -> None:
    good = tmp_path / "good.jsonl.gz"
    _backup(good)
    users = get_user_model().objects.count()
    _empty_the_database()
    empty = snapshot.tables()
    for case, (make, reason) in DAMAGED.items():
        damaged = tmp_path / f"{case}.jsonl.gz"
        make(damaged, good)
        with pytest.raises(CommandError, match=reason):
            _restore(damaged)
        assert snapshot.tables() == empty, f"{case}: the database changed"
    assert "Restored" in _restore(good)  # the good file itself restores
    assert Program.objects.count() == 2 and get_user_model().objects.count() == users


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match=r"Cannot read .*nothing\.jsonl\.gz"):
        _restore(tmp_path / "nothing.jsonl.gz")


@pytest.mark.django_db
def test_a_backup_is_readable_by_its_owner_only_and_never_overwritten(
    world: World, tmp_path: Path, settings: Any
) -> None:
    settings.VAR_DIR = tmp_path / "var"
    said = _backup(None)  # no --out: the default place
    [made] = (tmp_path / "var" / "backups").glob("mentora-*.jsonl.gz")
    assert str(made) in said
    assert stat.S_IMODE(made.stat().st_mode) == 0o600
    with pytest.raises(CommandError, match="already exists"):
        _backup(made)
    assert [p.name for p in made.parent.iterdir()] == [made.name]  # no partial file left
