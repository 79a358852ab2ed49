"""Every row of every table of a database, in a form two databases can be compared by.

Written for the backup drill independently of mentora.core.backups (its own list of models,
its own encoding), so that a table or a value the backup forgets shows up as a difference.
`python -m tests.security.snapshot` prints the database of DATABASE_URL as JSON.
"""

from __future__ import annotations

import json
import os
import sys
from typing import Any

IGNORED_TABLES = {"django_migrations", "sqlite_sequence"}


def _value(value: Any) -> str:
    if isinstance(value, memoryview):
        value = bytes(value)
    if isinstance(value, bytes):
        return "bytes:" + value.hex()
    return json.dumps(value, sort_keys=True, default=str)


def tables(using: str = "default") -> dict[str, Any]:
    """{"tables": {table: [[value, ...] per row in primary key order]}, "unmodelled": [...]}."""
    from django.apps import apps
    from django.db import connections

    found: dict[str, list[list[str]]] = {}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.proxy:
            continue
        columns = [f.attname for f in model._meta.local_concrete_fields]
        rows = model._base_manager.using(using).order_by("pk").values_list(*columns)
        found[model._meta.db_table] = [[_value(v) for v in row] for row in rows]
    in_database = set(connections[using].introspection.table_names())
    return {"tables": found, "unmodelled": sorted(in_database - set(found) - IGNORED_TABLES)}


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentora.settings")
    import django

    django.setup()
    json.dump(tables(), sys.stdout)
