"""Whether a value fits its database column, the same answer on SQLite and PostgreSQL.

PostgreSQL refuses a text longer than its column or a number beyond its integer type (a server
error mid-import); SQLite stores either silently. Importers check every value they will write
with `misfit` first and name the cell, so neither database ever sees one that does not fit.
"""

from __future__ import annotations

from django.db.backends.base.operations import BaseDatabaseOperations
from django.db.models import Field, Model


def max_length(model: type[Model], name: str) -> int | None:
    """The most characters the column `name` of `model` holds (None: no limit)."""
    field = model._meta.get_field(name)
    return field.max_length if isinstance(field, Field) else None


def misfit(model: type[Model], name: str, value: object) -> str | None:
    """Why `value` does not fit the column `name` of `model`, or None when it fits."""
    field = model._meta.get_field(name)
    if not isinstance(field, Field):
        return None
    if isinstance(value, str):
        limit = field.max_length
        if limit is not None and len(value) > limit:
            return f"is {len(value):,} characters long; at most {limit:,} fit"
    elif isinstance(value, int) and not isinstance(value, bool):
        low, high = BaseDatabaseOperations.integer_field_ranges.get(
            field.get_internal_type(), (None, None)
        )
        if (low is not None and value < low) or (high is not None and value > high):
            return f"{value} is out of range ({low} to {high})"
    return None
