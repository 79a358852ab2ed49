"""The demo builds the five seed programs in realistic numbers, marked as synthetic."""

from __future__ import annotations

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction

from mentora.people.models import Person
from mentora.programs.models import Enrollment, Program

# Every test is marked, so the module's demo is always built in the test database, never in
# the developer's own var/mentora.sqlite3.
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo_output(django_db_setup, django_db_blocker) -> str:
    # Rolled back rather than flushed: a flush also wipes rows that migrations seed.
    with django_db_blocker.unblock(), transaction.atomic():
        out = StringIO()
        call_command("demo", today=date(2026, 11, 21), stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


def test_the_demo_prints_logins_for_every_role(demo_output) -> None:
    for login in (
        "coordinator@demo.mentora.test",
        "student@demo.mentora.test",
        "intern@demo.mentora.test",
        "mentor@demo.mentora.test",
        "evaluator@demo.mentora.test",
        "admin@demo.mentora.test",
    ):
        assert login in demo_output
    assert "password: mentora-demo" in demo_output


def test_the_demo_holds_the_five_programs_in_the_seeds_numbers(demo_output) -> None:
    assert Program.objects.filter(is_synthetic=True).count() == 5
    faculty = Enrollment.objects.filter(cohort__program__slug="gim-faculty-career")
    assert faculty.filter(role="mentor").count() == 8
    assert faculty.filter(role="mentee").count() == 30
    clerkship = Enrollment.objects.filter(cohort__program__slug="im-clerkship-near-peer")
    assert clerkship.filter(role="mentee").count() == 25
    assert clerkship.filter(tier__name="Intern").exists()
    assert not Person.objects.filter(is_synthetic=False).exclude(user__is_superuser=True).exists()


def test_the_demo_intern_is_both_mentor_and_mentee(demo_output, client) -> None:
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="intern@demo.mentora.test"))
    page = client.get("/").content.decode()
    assert "My mentors" in page and "My mentees" in page


def test_the_demo_refuses_to_overwrite_real_programs(demo_output) -> None:
    from django.core.management.base import CommandError

    Program.objects.create(name="Real", slug="real")
    with pytest.raises(CommandError, match="real programs"):
        call_command("demo", stdout=StringIO())
    Program.objects.filter(slug="real").delete()
