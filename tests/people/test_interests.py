"""Interests that differ only by case are one: new spellings join the known one, the migration
merged the old duplicates, and every mentor is found under one name."""

from __future__ import annotations

import importlib

from django.apps import apps
from django.db import connection

from mentora.people.interests import interest_named
from mentora.people.models import Interest, Person
from tests import factories

merge = importlib.import_module("mentora.people.migrations.0004_interests_any_case")
INDEX = "unique_interest_per_kind_any_case"


def test_a_name_in_another_case_or_spacing_is_the_known_interest(db):
    first = interest_named("specialty", "Emergency Medicine")
    assert interest_named("specialty", "emergency  medicine ") == first
    assert interest_named("scholarly", "Emergency medicine") != first  # another kind
    assert Interest.objects.filter(kind="specialty").count() == 1


def test_the_migration_merges_duplicates_keeping_every_persons_link(db):
    # As before the migration: the case-blind unique index (an index on both databases) gone.
    with connection.cursor() as cursor:
        cursor.execute(f"DROP INDEX {INDEX}")
    upper = Interest.objects.create(kind="specialty", name="Emergency Medicine")
    lower = Interest.objects.create(kind="specialty", name="Emergency medicine")
    spaced = Interest.objects.create(kind="specialty", name=" emergency  MEDICINE")
    ana = factories.make_person("Ana Mentor")
    ben = factories.make_person("Ben Mentor")
    ana.specialty_interests.add(upper, lower)
    ben.specialty_interests.add(spaced)

    merge.merge_duplicates(apps, None)
    with connection.cursor() as cursor:  # the migration's constraint holds after the merge
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending checks before DDL
        cursor.execute(f"CREATE UNIQUE INDEX {INDEX} ON people_interest (LOWER(name), kind)")

    assert list(Interest.objects.filter(kind="specialty").values_list("name", flat=True)) == [
        "Emergency Medicine"
    ]
    for person in (ana, ben):
        assert [i.pk for i in Person.objects.get(pk=person.pk).specialty_interests.all()] == [
            upper.pk
        ]
