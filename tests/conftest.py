"""Shared personas, after Healthchecks: each test says who acts and who should be kept out.

- Alice coordinates the Clerkship program; Bob coordinates Faculty, and must never see Alice's.
- Mark (PGY2) mentors Maya (MS3) in the Clerkship; Nina (MS3) is another mentee of the same
  cohort, paired with Mark too, and must never reach Maya's pages by changing an id.
- Olga is a site admin.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from django.db import transaction

from mentora.people.ladder import Stage
from tests import factories


@dataclass
class World:
    alice: Any
    bob: Any
    olga: Any
    clerkship: Any
    faculty: Any
    cohort: Any
    faculty_cohort: Any
    mark: Any
    maya: Any
    nina: Any
    mark_maya: Any
    mark_nina: Any


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    """Real hashing costs a second a user; tests check who signs in, not the hash's strength."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world(db: None) -> World:
    alice = factories.make_user("alice@example.edu")
    bob = factories.make_user("bob@example.edu")
    olga = factories.make_user("olga@example.edu", is_superuser=True, is_staff=True)
    clerkship = factories.make_program("Clerkship", alice, kind="tiered")
    faculty = factories.make_program("Faculty", bob)
    cohort = factories.make_cohort(clerkship)
    faculty_cohort = factories.make_cohort(faculty)
    mark = factories.make_person("Mark Mentor", Stage.PGY2)
    maya = factories.make_person("Maya Mentee", Stage.MS3)
    nina = factories.make_person("Nina Other", Stage.MS3)
    factories.enrol(cohort, mark, "mentor", capacity=2)
    factories.enrol(cohort, maya)
    factories.enrol(cohort, nina)
    return World(
        alice,
        bob,
        olga,
        clerkship,
        faculty,
        cohort,
        faculty_cohort,
        mark,
        maya,
        nina,
        factories.pair(cohort, mark, maya),
        factories.pair(cohort, mark, nina),
    )


@pytest.fixture
def login(client: Any) -> Any:
    """Sign a user (or a person's user) in on the test client and return the client."""

    def sign_in(who: Any) -> Any:
        user = getattr(who, "user", None) or who
        client.force_login(user)
        return client

    return sign_in


DEMO_TODAY = date(2026, 11, 21)


@pytest.fixture(scope="module")
def demo(django_db_setup: None, django_db_blocker: Any) -> Iterator[Any]:
    """The whole demo as `mentora demo` builds it, once per test module; yields its context.

    Built in a transaction that is rolled back afterwards: a flush would also delete the rows
    that migrations seed, which later tests on the same worker rely on. Modules using it mark
    every test django_db, so pytest-django has switched to the test database before this runs.
    """
    from mentora.core.demo.build import build_demo

    with django_db_blocker.unblock(), transaction.atomic():
        yield build_demo(DEMO_TODAY, seed=2026, say=lambda _: None)
        transaction.set_rollback(True)
