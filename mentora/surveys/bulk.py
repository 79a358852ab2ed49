"""Imported rows written in bulk, inside the caller's transaction.

A REDCap project of 100,000 rows and 40 items is 100,000 responses and 4,000,000 answers, to
be written within a minute. `bulk_create` builds a model instance per row and compiles every
value through its field: on the development machine 400,000 `Answer(...)` alone took 13 s and
the responses' 15 columns made `bulk_create` the largest part of an import. So rows go in as
plain tuples of database values, in batches: PostgreSQL takes them by COPY (psycopg),
SQLite by INSERTs of as many rows as it takes parameters. The values are what the
fields would write themselves: JSON text for a JSONField (the default encoder), ids for
foreign keys; columns a writer is not given get their field's default, so the rows read back
as any other.

Nothing here commits: the import that calls it owns the one transaction, so an error leaves
nothing half-written.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from itertools import islice
from typing import Any, TypeVar

from django.db import connection, models

# Rows written per round trip.
BATCH = 20_000

T = TypeVar("T")


def batches(rows: Iterable[T], size: int = BATCH) -> Iterator[list[T]]:
    iterator = iter(rows)
    while chunk := list(islice(iterator, size)):
        yield chunk


class JsonText:
    """JSON text of values as a JSONField with the default encoder stores them, each distinct
    value encoded once (imports repeat a handful of codes and empty dicts)."""

    def __init__(self) -> None:
        self._seen: dict[Any, str] = {}

    def __call__(self, value: Any) -> str:
        try:
            return self._seen[value]  # a string, or a tuple of checkbox codes
        except (KeyError, TypeError):
            return self._encode(value)

    def _encode(self, value: Any) -> str:
        key = value if isinstance(value, str | tuple) else _hashable(value)
        text = self._seen.get(key)
        if text is None:
            text = json.dumps(value)
            if len(self._seen) < 10_000:
                self._seen[key] = text
        return text


def _hashable(value: Any) -> Any:
    if isinstance(value, dict):
        return ("dict", tuple((k, _hashable(v)) for k, v in value.items()))
    if isinstance(value, list | tuple):
        return ("list", tuple(_hashable(v) for v in value))
    return value


class RowWriter:
    """Inserts rows of one model given as tuples of database values for `fields` (in order).

    Every other concrete column except the primary key gets its field's default."""

    def __init__(self, model: type[models.Model], fields: Sequence[str]) -> None:
        meta = model._meta
        by_name = {field.name: field for field in meta.concrete_fields}
        given = [by_name[name] for name in fields]
        rest = [
            field
            for field in meta.concrete_fields
            if not field.primary_key and field.name not in fields
        ]
        # What the field itself fills in when not given ("" for a text column without one).
        self._defaults = tuple(
            field.get_db_prep_save(field.get_default(), connection) for field in rest
        )
        for field, default in zip(rest, self._defaults, strict=True):
            if default is None and not field.null:
                raise ValueError(f"{meta.label}.{field.name} needs a value: it has no default")
        quote = connection.ops.quote_name
        columns = ", ".join(quote(field.column) for field in [*given, *rest])
        self._table = quote(meta.db_table)
        self._columns = columns
        self._width = len(given) + len(rest)

    def insert(self, rows: Iterable[tuple[Any, ...]]) -> int:
        """Write the rows in batches; returns how many."""
        count = 0
        for chunk in batches(rows):
            if self._defaults:
                chunk = [row + self._defaults for row in chunk]
            if connection.vendor == "postgresql":
                self._copy(chunk)
            else:
                self._values(chunk)
            count += len(chunk)
        return count

    def _values(self, rows: list[tuple[Any, ...]]) -> None:
        """INSERT ... VALUES with as many rows per statement as the database takes parameters:
        on SQLite twice as fast as one row per execution (executemany)."""
        per = max(1, _max_parameters() // self._width)
        sqlite = connection.vendor == "sqlite"
        # SQLite's own placeholders, straight to its cursor: Django's would rewrite each
        # statement of some 30,000 placeholders with a regular expression first.
        mark = "?" if sqlite else "%s"
        row_marks = "(" + ", ".join([mark] * self._width) + ")"
        head = f"INSERT INTO {self._table} ({self._columns}) VALUES "
        with connection.cursor() as cursor:
            execute = connection.connection.execute if sqlite else cursor.execute
            for start in range(0, len(rows), per):
                part = rows[start : start + per]
                execute(head + ", ".join([row_marks] * len(part)), [v for row in part for v in row])

    def _copy(self, rows: list[tuple[Any, ...]]) -> None:
        sql = f"COPY {self._table} ({self._columns}) FROM STDIN"
        with connection.cursor() as cursor, cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row(row)


def _max_parameters() -> int:
    """Parameters one statement may carry: SQLite's own limit (32,766 by default since 3.32),
    else what Django assumes."""
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        raw = connection.connection
        return int(raw.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER))
    return int(connection.features.max_query_params or 999)
