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
from django.conf import settings as django_settings
from django.db import transaction
from django.test import override_settings

from mentora.people.ladder import Stage
from tests import factories, outside
from tests.personas import account


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        f"{outside.MARKER}: reads the real exports in ../shared/fixtures; skips where they "
        f"are absent, fails instead under {outside.REQUIRE}=1",
    )


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


@pytest.fixture(autouse=True)
def _static_files_where_they_are(settings: Any) -> None:
    """Hashed static names need `collectstatic` (which `mentora serve` runs); tests use the files
    where the apps keep them (tests/core/test_serve.py checks the hashed, compressed ones), and
    WhiteNoise reads no STATIC_ROOT left by an earlier `mentora serve`."""
    settings.STATIC_ROOT = None
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


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
        client.force_login(account(who))
        return client

    return sign_in


DEMO_TODAY = date(2026, 11, 21)
DEMO_SEED = 2026


class SessionDemo:
    """The whole demo as `mentora demo` builds it, once per test session (per xdist worker).

    It is built inside a transaction on the worker's test database that stays open while tests
    that ask for `demo` run; each such test runs in its own savepoint (pytest-django's `db`),
    rolled back after it, so no test sees another's writes. Any other test closes the
    transaction first (rolling the demo back): it never sees the demo, and a transactional
    test's flush cannot delete it. Tests asking for `demo` run last, so it is built once.
    Rolled back rather than flushed: a flush would also delete the rows that migrations seed.
    """

    current: SessionDemo | None = None

    def __init__(self, blocker: Any) -> None:
        self.blocker = blocker
        # The hashers of the settings, not the fast ones a test switches to: the demo's
        # passwords are real, and one test checks them with the real hashers.
        self.hashers = list(django_settings.PASSWORD_HASHERS)
        self.context: Any = None
        self._atomic: Any = None
        self.builds = 0

    def _lost(self) -> bool:
        """A test closed the connection (a command that forks workers closes them all): the
        demo's transaction went with it, rolled back by the database."""
        return self._atomic is not None and not transaction.get_connection().in_atomic_block

    def open(self) -> Any:
        if self._lost():
            self._atomic, self.context = None, None  # built again below
        if self._atomic is None:
            from mentora.core.demo.build import build_demo

            with self.blocker.unblock():
                atomic = transaction.atomic()
                atomic.__enter__()
                try:
                    with override_settings(PASSWORD_HASHERS=self.hashers):
                        self.context = build_demo(DEMO_TODAY, seed=DEMO_SEED, say=lambda _: None)
                except BaseException:
                    transaction.set_rollback(True)
                    atomic.__exit__(None, None, None)
                    raise
            self._atomic = atomic
            self.builds += 1
        return self.context

    def close(self) -> None:
        if self._atomic is None or self._lost():
            self._atomic, self.context = None, None
            return
        with self.blocker.unblock():
            transaction.set_rollback(True)
            self._atomic.__exit__(None, None, None)
        self._atomic, self.context = None, None


def _uses_demo(item: pytest.Item) -> bool:
    return "demo" in getattr(item, "fixturenames", ())


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests of the demo run last, in their order, so that each worker builds it once; tests
    of the outside fixtures skip where those are absent."""
    items[:] = [i for i in items if not _uses_demo(i)] + [i for i in items if _uses_demo(i)]
    outside.skip_marked(items)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    outside.check(item)
    demo = SessionDemo.current
    if demo is not None:
        # Before any fixture of the test: the demo's transaction encloses the test's own.
        if _uses_demo(item):
            demo.open()
        else:
            demo.close()


@pytest.fixture(scope="session")
def _session_demo(django_db_setup: None, django_db_blocker: Any) -> Iterator[SessionDemo]:
    demo = SessionDemo(django_db_blocker)
    demo.open()
    SessionDemo.current = demo
    yield demo
    SessionDemo.current = None
    demo.close()


@pytest.fixture
def demo(_session_demo: SessionDemo, db: None) -> Any:
    """The demo's context (see SessionDemo); the test's writes are rolled back after it."""
    return _session_demo.context
