"""The suite runs on SQLite by default and again on PostgreSQL in CI (DATABASE_URL)."""

from __future__ import annotations

import os

import pytest
from django.db import connection

from mentora.people.models import Person


def _require_postgres() -> None:
    if connection.vendor != "postgresql":
        if os.environ.get("MENTORA_REQUIRE_POSTGRES"):
            pytest.fail("MENTORA_REQUIRE_POSTGRES is set but DATABASE_URL is not PostgreSQL")
        pytest.skip(
            "not on PostgreSQL: set DATABASE_URL=postgres://postgres@127.0.0.1:5432/test "
            "(CI runs the whole suite there too)"
        )


@pytest.mark.postgres
def test_the_suite_runs_on_a_real_postgresql(db) -> None:
    _require_postgres()
    with connection.cursor() as cursor:
        cursor.execute("select version()")
        assert "PostgreSQL" in cursor.fetchone()[0]


@pytest.mark.postgres
def test_postgres_enforces_unique_emails(db) -> None:
    from django.db import IntegrityError, transaction

    _require_postgres()
    Person.objects.create(full_name="A", email="a@x.edu", career_stage=3)
    with pytest.raises(IntegrityError), transaction.atomic():
        Person.objects.create(full_name="B", email="a@x.edu", career_stage=3)
