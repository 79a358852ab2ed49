"""The demo builds the five seed programs in realistic numbers, marked as synthetic."""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from mentora.core.demo.build import logins_text
from mentora.people.models import Person
from mentora.programs.models import Enrolment, Program

pytestmark = pytest.mark.django_db


def test_the_demo_lists_logins_for_every_role(demo) -> None:
    text = logins_text(demo)
    for login in (
        "coordinator@demo.mentora.test",
        "student@demo.mentora.test",
        "intern@demo.mentora.test",
        "mentor@demo.mentora.test",
        "evaluator@demo.mentora.test",
        "admin@demo.mentora.test",
    ):
        assert login in text
    assert "password: mentora-demo" in text


def test_the_demo_logins_sign_in_with_the_demo_password(demo, settings) -> None:
    from django.conf import global_settings

    settings.PASSWORD_HASHERS = global_settings.PASSWORD_HASHERS  # the demo's real hash
    user = get_user_model().objects.get(username="student@demo.mentora.test")
    assert user.check_password("mentora-demo")


def test_the_demo_holds_the_five_programs_in_the_seeds_numbers(demo) -> None:
    assert Program.objects.filter(is_synthetic=True).count() == 5
    faculty = Enrolment.objects.filter(cohort__program__slug="gim-faculty-career")
    assert faculty.filter(role="mentor").count() == 8
    assert faculty.filter(role="mentee").count() == 30
    clerkship = Enrolment.objects.filter(cohort__program__slug="im-clerkship-near-peer")
    assert clerkship.filter(role="mentee").count() == 25
    assert clerkship.filter(tier__name="Intern").exists()
    assert not Person.objects.filter(is_synthetic=False).exists()


def test_the_demo_intern_is_both_mentor_and_mentee(demo, client) -> None:
    client.force_login(get_user_model().objects.get(username="intern@demo.mentora.test"))
    page = client.get("/").content.decode()
    assert "My mentors" in page and "My mentees" in page


def test_the_demo_refuses_to_overwrite_real_programs(demo) -> None:
    Program.objects.create(name="Real", slug="real")
    with pytest.raises(CommandError, match="real programs"):
        call_command("demo", stdout=StringIO())
