"""A portable backup of every table, and its restore into an empty database.

`mentora backup` writes one gzip file of JSON lines, the same on SQLite and PostgreSQL and
readable by either:

- line 1, a header: the format, when and from which database it was made, and the migrations
  the schema was at (a backup is restored by the same version of Mentora, then upgraded);
- then every row of every table in Django's JSON Lines serialization, table by table in primary
  key order, with its primary key, so that a restored database is the same row for row (the
  many-to-many tables are written as tables of their own, with their ids);
- a last line with the number of rows of each table, so a cut-off file is refused.

Dates and times keep their microseconds (Django's own JSON encoder, and so `dumpdata`, cuts
them to milliseconds). The backup is read in one transaction, a consistent snapshot:
REPEATABLE READ on PostgreSQL, one read transaction on SQLite.

`mentora restore` migrates the database (a new SQLite file or an empty PostgreSQL database
needs nothing else), refuses one that holds anything but what `migrate` writes itself, then
replaces those rows and loads every row in one transaction: all of the backup or nothing.
"""

from __future__ import annotations

import contextlib
import gzip
import json
import os
import tempfile
import time
import zlib
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from datetime import time as clock
from pathlib import Path
from typing import IO, Any

from django.apps import apps
from django.core import serializers
from django.core.management import call_command
from django.core.management.color import no_style
from django.core.serializers.base import DeserializationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, models, router, transaction
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

FORMAT = "mentora-backup"
VERSION = 1
BATCH = 2000
# What a damaged file or a row the database refuses raises while it is read and loaded.
UNREADABLE = (DeserializationError, DatabaseError, ValueError, OSError, EOFError, zlib.error)

# Tables `migrate` fills by itself (content types, permissions, the job schedules, the seeded
# site-wide competency frameworks and the survey library): an "empty" database may hold these,
# and the backup's rows replace them. Anything else makes a database not empty.
MADE_BY_MIGRATE = {
    "contenttypes.contenttype",
    "auth.permission",
    "django_q.schedule",
    "mentorships.competency",
    "mentorships.framework",
    "surveys.instrument",
    "surveys.section",
    "surveys.item",
    "surveys.scale",
    "surveys.scaleitem",
}


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why and what to do."""


class ExactJSONEncoder(DjangoJSONEncoder):
    """Django's encoder, but datetimes and times keep their microseconds."""

    def default(self, o: Any) -> Any:
        if isinstance(o, datetime | clock):
            return o.isoformat()
        return super().default(o)


def backed_up_models(using: str = DEFAULT_DB_ALIAS) -> list[type[models.Model]]:
    """Every table's model, many-to-many tables included, in a fixed order."""
    chosen = [
        model
        for model in apps.get_models(include_auto_created=True)
        if not model._meta.proxy
        and model._meta.managed
        and not model._meta.swapped
        and router.allow_migrate_model(using, model)
    ]
    return sorted(chosen, key=lambda model: model._meta.label_lower)


def code_migrations(using: str = DEFAULT_DB_ALIAS) -> list[list[str]]:
    """The latest migration of each app, as this version of the code has them."""
    executor = MigrationExecutor(connections[using])
    return sorted([list(node) for node in executor.loader.graph.leaf_nodes()])


def unapplied_migrations(using: str = DEFAULT_DB_ALIAS) -> list[str]:
    executor = MigrationExecutor(connections[using])
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _ in plan]


def default_path(directory: Path, now: datetime) -> Path:
    stamp = timezone.localtime(now).strftime("%Y-%m-%d-%H%M%S")
    return directory / f"mentora-{stamp}.jsonl.gz"


@dataclass
class Summary:
    path: Path
    rows: dict[str, int]
    seconds: float
    made: str = ""
    vendor: str = ""

    @property
    def total(self) -> int:
        return sum(self.rows.values())

    def text(self, verb: str) -> str:
        size = self.path.stat().st_size if self.path.exists() else 0
        return (
            f"{verb} {len(self.rows)} tables, {self.total:,} rows "
            f"({size / 1024:,.0f} KB file {self.path}) in {self.seconds:.1f} s"
        )


@contextlib.contextmanager
def _snapshot(using: str) -> Iterator[None]:
    """One transaction for the whole read, so the backup is of one moment."""
    connection = connections[using]
    if connection.in_atomic_block:  # the caller's transaction already is the snapshot
        yield
        return
    with transaction.atomic(using=using):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield


def _local_field_names(model: type[models.Model]) -> list[str]:
    """The model's own columns (many-to-many tables are written on their own)."""
    return [f.name for f in model._meta.local_fields]  # no proxies: each is its own table


def write_backup(path: Path, using: str = DEFAULT_DB_ALIAS) -> Summary:
    """Write every table of database `using` into `path` (readable by its owner only)."""
    started = time.monotonic()
    unapplied = unapplied_migrations(using)
    if unapplied:
        raise BackupError(
            f"The database is not migrated to this version of Mentora ({len(unapplied)} "
            f"migrations not applied, e.g. {unapplied[0]}): back it up with the version that "
            "migrated it, or run `mentora migrate` first."
        )
    if path.exists():
        raise BackupError(f"{path} already exists: give another --out.")
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, partial = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    rows: dict[str, int] = {}
    try:
        with os.fdopen(descriptor, "wb") as raw, gzip.open(raw, "wt", encoding="utf-8") as out:
            header = {
                "format": FORMAT,
                "version": VERSION,
                "created": timezone.now().isoformat(),
                "vendor": connections[using].vendor,
                "migrations": code_migrations(using),
            }
            out.write(json.dumps(header) + "\n")
            with _snapshot(using):
                for model in backed_up_models(using):
                    counting = _Counting(out)
                    serializers.serialize(
                        "jsonl",
                        model._base_manager.using(using).order_by("pk").iterator(BATCH),
                        stream=counting,
                        fields=_local_field_names(model),
                        cls=ExactJSONEncoder,
                    )
                    rows[model._meta.label_lower] = counting.lines
            out.write(json.dumps({"end": rows}) + "\n")
        os.replace(partial, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(partial)
    return Summary(path, rows, time.monotonic() - started)


class _Counting:
    """A text stream that counts the lines written through it."""

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream
        self.lines = 0

    def write(self, text: str) -> int:
        self.lines += text.count("\n")
        return self.stream.write(text)

    def flush(self) -> None:
        self.stream.flush()


@dataclass
class _Reader:
    """The lines of a backup file: its header, then its rows, then its last line."""

    stream: IO[str]
    header: dict[str, Any] = field(default_factory=dict)
    end: dict[str, int] | None = None

    def read_header(self, name: str) -> dict[str, Any]:
        try:
            first = self.stream.readline()
            header = json.loads(first) if first.strip() else None
        except (OSError, EOFError, UnicodeDecodeError, zlib.error, ValueError):
            header = None
        if not isinstance(header, dict) or header.get("format") != FORMAT:
            raise BackupError(f"{name} is not a Mentora backup (made by `mentora backup`).")
        if header.get("version") != VERSION:
            raise BackupError(
                f"{name} is a backup of format version {header.get('version')}; this version "
                f"of Mentora reads version {VERSION}."
            )
        self.header = header
        return header

    def rows(self) -> Iterator[str]:
        for line in self.stream:
            if line.startswith('{"end"'):
                self.end = {str(k): int(v) for k, v in json.loads(line)["end"].items()}
                return
            yield line


def _not_empty(using: str) -> list[str]:
    """The tables holding anything but what `migrate` writes, with their row counts."""
    found = []
    for model in backed_up_models(using):
        label = model._meta.label_lower
        rows = model._base_manager.using(using)
        if label == "surveys.instrument":
            rows = rows.filter(in_library=False)
        elif label == "mentorships.framework":
            rows = rows.filter(program__isnull=False)  # the site-wide ones come with migrate
        elif label in MADE_BY_MIGRATE:
            continue
        count = rows.count()
        if count:
            found.append(f"{label} ({count:,} rows)")
    return found


def restore_backup(
    path: Path, using: str = DEFAULT_DB_ALIAS, say: Callable[[str], None] = lambda _: None
) -> Summary:
    """Load the backup in `path` into database `using`, which must be empty."""
    started = time.monotonic()
    name = str(path)
    try:
        raw = path.open("rb")
    except OSError as error:
        raise BackupError(f"Cannot read {name}: {error.strerror}.") from None
    with raw, gzip.open(raw, "rt", encoding="utf-8") as stream:
        reader = _Reader(stream)
        header = reader.read_header(name)
        ours = code_migrations(using)
        if header.get("migrations") != ours:
            theirs = {tuple(node) for node in header.get("migrations") or []}
            differ = sorted({app for app, _ in theirs ^ {tuple(n) for n in ours}})
            raise BackupError(
                f"{name} was made by another version of Mentora (its migrations differ in "
                f"{', '.join(differ)}): restore it with the version that made it, then upgrade."
            )
        say("Migrating the database...")
        call_command("migrate", database=using, interactive=False, verbosity=0)
        found = _not_empty(using)
        if found:
            raise BackupError(
                "The database is not empty: "
                + ", ".join(found[:8])
                + (f" and {len(found) - 8} more tables" if len(found) > 8 else "")
                + ". Restore only into an empty database: a new SQLite file "
                "(DATABASE_URL=sqlite:///path/new.sqlite3) or a new PostgreSQL database."
            )
        say("Loading every table...")
        loaded = _load(reader, name, using)
    summary = Summary(path, loaded, time.monotonic() - started)
    summary.made, summary.vendor = str(header.get("created", "")), str(header.get("vendor", ""))
    return summary


def _load(reader: _Reader, name: str, using: str) -> dict[str, int]:
    connection = connections[using]
    loaded: Counter[str] = Counter()
    with transaction.atomic(using=using):
        # Only migrate's own rows are there (checked): they give way to the backup's. Checks
        # still pending from rows an enclosing transaction wrote are run first: PostgreSQL
        # cannot truncate a table with checks pending.
        connection.check_constraints()
        call_command(
            "flush", database=using, interactive=False, verbosity=0, inhibit_post_migrate=True
        )
        try:
            for row in serializers.deserialize("jsonl", reader.rows(), using=using):
                row.save(using=using, force_insert=True)
                loaded[row.object._meta.label_lower] += 1
        except UNREADABLE as error:
            raise BackupError(
                f"{name} could not be restored (nothing was written): {error}"
            ) from None
        if reader.end is None:
            raise BackupError(f"{name} is cut off (nothing was written): copy it again.")
        expected = {label: count for label, count in reader.end.items() if count}
        if dict(loaded) != expected:
            raise BackupError(f"{name} does not hold the rows it lists (nothing was written).")
        models_loaded = [apps.get_model(label) for label in loaded]
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), models_loaded):
                cursor.execute(statement)
        try:
            connection.check_constraints(
                table_names=[model._meta.db_table for model in models_loaded]
            )
        except DatabaseError as error:
            raise BackupError(f"{name} is inconsistent (nothing was written): {error}") from None
    return {label: reader.end.get(label, 0) for label in reader.end}
