"""Writing rows in batches, each batch in its own transaction.

Rows with fields of their own go through `bulk_create`, with primary keys handed out here (so a
batch needs no RETURNING and later steps can point at rows without reading them back). The
largest tables that are only pairs of keys and a value (survey answers, a meeting's pairs and
topics, a person's interests) are written without a model instance per row: one prepared INSERT
per batch on SQLite, COPY on PostgreSQL. The tables' plain indexes (not those of a primary key
or a unique constraint) are dropped while they fill and built again at the end, in one sorted
pass each, as pg_restore does. `finish` moves PostgreSQL's sequences past the largest keys in every
table and refreshes the planner's statistics.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from itertools import islice
from typing import Any, TypeVar

from django.apps import apps
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.db.models import Max

from bench.national.progress import Bar, Step

T = TypeVar("T")

# A table's indexes other than its primary key's and its unique constraints': name, definition.
_PLAIN_INDEXES = {
    "postgresql": """
        SELECT i.indexname, i.indexdef FROM pg_indexes i
        WHERE i.schemaname = current_schema() AND i.tablename = %s
          AND i.indexdef NOT LIKE 'CREATE UNIQUE %%'
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid =
                          (quote_ident(i.schemaname) || '.' || quote_ident(i.indexname))::regclass)
    """,
    "sqlite": """
        SELECT name, sql FROM sqlite_master
        WHERE type = 'index' AND tbl_name = %s AND sql IS NOT NULL
          AND sql NOT LIKE 'CREATE UNIQUE %%'
    """,
}


def batched(rows: Iterable[T], size: int) -> Iterator[list[T]]:
    it = iter(rows)
    while chunk := list(islice(it, size)):
        yield chunk


class Writer:
    def __init__(self, batch: int, raw_batch: int) -> None:
        self.batch, self.raw_batch = batch, raw_batch
        self.next_pk: dict[type[models.Model], int] = {}
        self.written: dict[str, int] = {}

    def prepare(self) -> None:
        """A bench database may lose its last transactions in a crash (then build it again);
        PostgreSQL need not wait for each batch to reach the disk."""
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET synchronous_commit TO off")
                cursor.execute("SET maintenance_work_mem TO '256MB'")  # for the index builds

    @contextmanager
    def indexes_deferred(self, tables: Sequence[type[models.Model]]) -> Iterator[None]:
        """Drop the plain indexes of these models' tables, and create them again on the way out
        (not after an error: a database left half-filled is built again from scratch)."""
        dropped = []
        with connection.cursor() as cursor:
            for model in tables:
                cursor.execute(_PLAIN_INDEXES[connection.vendor], [model._meta.db_table])
                dropped += cursor.fetchall()
            for name, _ in dropped:
                cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
        yield
        with Step("Indexes built again", len(dropped)) as progress, connection.cursor() as cursor:
            for _, definition in dropped:
                cursor.execute(definition)
                progress.update(1)

    def reserve(self, model: type[models.Model], count: int) -> int:
        """The first of `count` new primary keys for `model`, never handed out before."""
        if model not in self.next_pk:
            top = model._default_manager.aggregate(top=Max("pk"))["top"]
            self.next_pk[model] = (top or 0) + 1
        first = self.next_pk[model]
        self.next_pk[model] += count
        return first

    def objects(
        self, model: type[models.Model], rows: Iterable[models.Model], progress: Bar
    ) -> int:
        count = 0
        for chunk in batched(rows, self.batch):
            with transaction.atomic():
                model._default_manager.bulk_create(chunk)
            count += len(chunk)
            progress.update(len(chunk))
        self._count(model._meta.db_table, count)
        return count

    def rows(
        self, model: type[models.Model], columns: Sequence[str], rows: Iterable[tuple[Any, ...]],
        progress: Bar,
    ) -> int:
        """Plain tuples into `model`'s table: a JSON column takes its value already encoded.

        Any other column gets its field's default, so a field added to the model later does
        not break the bench (a field without a default would, as it should).
        """
        table = connection.ops.quote_name(model._meta.db_table)
        given = set(columns)
        others = [f for f in model._meta.concrete_fields
                  if not f.primary_key and f.column not in given]
        columns = [*columns, *(f.column for f in others)]
        extra = tuple(f.get_db_prep_save(f.get_default(), connection) for f in others)
        if extra:
            rows = (row + extra for row in rows)
        names = ", ".join(connection.ops.quote_name(c) for c in columns)
        count = 0
        for chunk in batched(rows, self.raw_batch):
            with transaction.atomic(), connection.cursor() as cursor:
                if connection.vendor == "postgresql":
                    with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                        for row in chunk:
                            copy.write_row(row)
                else:
                    marks = ", ".join(["%s"] * len(columns))
                    cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", chunk)
            count += len(chunk)
            progress.update(len(chunk))
        self._count(model._meta.db_table, count)
        return count

    def _count(self, table: str, count: int) -> None:
        self.written[table] = self.written.get(table, 0) + count

    def add_counts(self, written: dict[str, int]) -> None:
        for table, count in written.items():
            self._count(table, count)

    def finish(self) -> None:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # Every model, not only this process's `next_pk`: a step run in a second process
                # (parallel.py) handed out keys the parent never saw.
                for sql in connection.ops.sequence_reset_sql(no_style(), apps.get_models()):
                    cursor.execute(sql)
            cursor.execute("ANALYZE")
