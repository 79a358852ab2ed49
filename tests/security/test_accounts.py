"""Accounts (issue 11, finding 8): sign-in throttling, argon2, password rules, idle timeout and
absolute cap, sessions ended with the account or the role, program roles that expire.

Each test is what a person would check: whether they get in, whether their page opens."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import global_settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

import mentora.settings as production
from mentora.people.invitations import do_invite
from mentora.people.ladder import Stage
from mentora.programs.models import Enrolment
from tests.factories import PASSWORD, make_cohort, make_person, make_program

START = datetime(2026, 11, 2, 8, 0, tzinfo=ZoneInfo("America/Chicago"))
ATTACKER = "203.0.113.9"
ELSEWHERE = "198.51.100.20"

WRONG_PASSWORDS = 30
FAILURE_LIMIT = getattr(production, "AXES_FAILURE_LIMIT", 5)


def _sign_in(client: Client, username: str, password: str, address: str = ATTACKER) -> Any:
    return client.post(reverse("login"), {"username": username, "password": password},
                       REMOTE_ADDR=address)


def _signed_in(client: Client) -> bool:
    return client.get(reverse("home")).status_code == 200


# Throttling ------------------------------------------------------------------------------------


def test_thirty_wrong_passwords_then_the_right_one_is_refused_until_the_pause_has_passed(world):
    username = world.alice.username
    with time_machine.travel(START, tick=False) as clock:
        client = Client()
        answers = []
        for _ in range(WRONG_PASSWORDS):
            answers.append(_sign_in(client, username, "not-my-password").status_code)
            clock.shift(timedelta(seconds=0.4))  # 30 tries in 12 seconds
        # Wrong passwords are answered as such until the limit, then sign-in is paused.
        paused = WRONG_PASSWORDS - FAILURE_LIMIT + 1
        assert answers == [200] * (FAILURE_LIMIT - 1) + [429] * paused
        refused = _sign_in(client, username, PASSWORD)
        assert refused.status_code == 429 and not _signed_in(client)
        page = refused.content.decode()
        assert "Too many failed sign-ins" in page and "15 minutes" in page
        assert 'name="password"' in page  # still the sign-in page

        # The same account from another address is not held back: nobody can lock Alice out.
        elsewhere = Client()
        assert _sign_in(elsewhere, username, PASSWORD, ELSEWHERE).status_code == 302
        assert _signed_in(elsewhere)

        clock.shift(timedelta(minutes=10))
        assert _sign_in(client, username, PASSWORD).status_code == 429  # still paused

        clock.shift(timedelta(minutes=16))  # 16 minutes after the last attempt
        assert _sign_in(client, username, PASSWORD).status_code == 302
        assert _signed_in(client)


def test_the_pause_rolls_it_lasts_fifteen_minutes_after_the_last_attempt(world):
    username = world.alice.username
    with time_machine.travel(START, tick=False) as clock:
        client = Client()
        for _ in range(FAILURE_LIMIT):
            _sign_in(client, username, "not-my-password")
        clock.shift(timedelta(minutes=14))
        assert _sign_in(client, username, "still-not-it").status_code == 429
        clock.shift(timedelta(minutes=2))  # 16 minutes after the pause began, 2 after a try
        assert _sign_in(client, username, PASSWORD).status_code == 429
        clock.shift(timedelta(minutes=16))
        assert _sign_in(client, username, PASSWORD).status_code == 302


def test_a_success_clears_the_count_and_the_limit_then_pauses_sign_in(world):
    username = world.alice.username
    client = Client()
    for _ in range(2):
        for _ in range(FAILURE_LIMIT - 1):
            assert _sign_in(client, username, "not-my-password").status_code == 200
        assert _sign_in(client, username, PASSWORD).status_code == 302
        client.post(reverse("logout"))
    answers = [_sign_in(client, username, "not-my-password").status_code
               for _ in range(FAILURE_LIMIT)]
    assert answers == [200] * (FAILURE_LIMIT - 1) + [429]


# Passwords -------------------------------------------------------------------------------------


@pytest.fixture
def newcomer(db):
    person = make_person("New Comer", Stage.MS1, with_login=False)
    cohort = make_cohort(make_program("Prematriculation"))
    Enrolment.objects.create(cohort=cohort, person=person, role="mentee",
                              enrolled_on=cohort.starts_on)
    return person


def _choose(client: Client, person: Any, password: str) -> Any:
    url = reverse("accept_invitation", args=[do_invite(person, timezone.now())])
    return client.post(url, {"password1": password, "password2": password})


def test_a_new_password_is_stored_with_argon2(newcomer, client, settings):
    # The hashers the site runs with, not the tests' fast MD5.
    settings.PASSWORD_HASHERS = getattr(production, "PASSWORD_HASHERS",
                                        global_settings.PASSWORD_HASHERS)
    assert _choose(client, newcomer, "a-long-pass-phrase").status_code == 302
    newcomer.refresh_from_db()
    assert newcomer.user.password.startswith("argon2$argon2id$")
    assert newcomer.user.check_password("a-long-pass-phrase")


@pytest.mark.parametrize("password, says", [
    ("short-pass1", "at least 12 characters"),
    ("new.comer@example.edu1", "too similar"),
])
def test_a_weak_password_is_refused_with_the_reason(newcomer, client, password, says):
    answer = _choose(client, newcomer, password)
    assert answer.status_code == 200 and says in answer.content.decode()
    newcomer.refresh_from_db()
    assert newcomer.user is None


# Session limits --------------------------------------------------------------------------------


def test_a_session_ends_after_thirty_minutes_without_a_request(world, client):
    with time_machine.travel(START, tick=False) as clock:
        client.force_login(world.alice)
        for _ in range(6):  # active for two hours: still signed in
            clock.shift(timedelta(minutes=20))
            assert _signed_in(client)
        clock.shift(timedelta(minutes=31))
        answer = client.get(reverse("home"), follow=True)
        assert answer.redirect_chain and answer.redirect_chain[-1][0].startswith(reverse("login"))


def test_a_session_ends_twelve_hours_after_signing_in_however_active(world, client):
    with time_machine.travel(START, tick=False) as clock:
        client.force_login(world.alice)
        for _ in range(35):  # a request every 20 minutes for 11 hours 40 minutes
            clock.shift(timedelta(minutes=20))
            assert _signed_in(client)
        clock.shift(timedelta(minutes=21))  # 12 hours and a minute after signing in
        answer = client.get(reverse("home"), follow=True)
        assert answer.redirect_chain[-1][0].startswith(reverse("login"))
        assert "12 hours after signing in" in answer.content.decode()


# Sessions end with the account or the role -----------------------------------------------------


def test_deactivating_an_account_ends_its_sessions_at_once(world):
    from mentora.people.accounts import do_deactivate_account

    phone, laptop = Client(), Client()
    phone.force_login(world.alice)
    laptop.force_login(world.alice)
    assert _signed_in(phone) and _signed_in(laptop)
    assert do_deactivate_account(world.alice) == 2
    assert not Session.objects.filter(
        session_key__in=[phone.session.session_key, laptop.session.session_key]).exists()
    # Turned on again later, the account does not get its old sessions back.
    world.alice.is_active = True
    world.alice.save(update_fields=["is_active"])
    assert not _signed_in(phone) and not _signed_in(laptop)


def test_deactivating_an_account_in_the_admin_ends_its_sessions(world, client):
    alice = Client()
    alice.force_login(world.alice)
    client.force_login(world.olga)
    url = reverse("admin:auth_user_change", args=[world.alice.pk])
    form = client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items()
            if v is not None and k not in {"is_active", "password", "groups", "user_permissions"}}
    joined = timezone.localtime(world.alice.date_joined)
    data.update({"date_joined_0": joined.date().isoformat(),
                 "date_joined_1": joined.time().strftime("%H:%M:%S"), "last_login_0": "",
                 "last_login_1": ""})
    data.pop("date_joined", None)
    data.pop("last_login", None)
    assert client.post(url, data).status_code == 302
    world.alice.refresh_from_db()
    assert not world.alice.is_active
    world.alice.is_active = True
    world.alice.save(update_fields=["is_active"])
    assert not _signed_in(alice)


# Program roles that expire ---------------------------------------------------------------------


def _coordinator_pages(world: Any) -> list[str]:
    return [reverse("program", args=[world.clerkship.pk]),
            reverse("cohort", args=[world.cohort.pk]),
            reverse("match_runs", args=[world.cohort.pk]),
            reverse("evaluation_report", args=[world.cohort.pk]),
            reverse("mentorship", args=[world.mark_maya.pk])]


def test_an_expired_coordinator_role_gets_404_on_the_programs_pages(world, login):
    from mentora.programs.models import ProgramCoordinator

    client = login(world.alice)
    today = timezone.localdate()
    role = ProgramCoordinator.objects.get(program=world.clerkship, user=world.alice)
    role.expires_on = today + timedelta(days=1)
    role.save()
    assert [client.get(url).status_code for url in _coordinator_pages(world)] == [200] * 5
    role.expires_on = today
    role.save()
    assert [client.get(url).status_code for url in _coordinator_pages(world)] == [404] * 5
    assert reverse("program", args=[world.clerkship.pk]) not in client.get(
        reverse("home")).content.decode()


def test_an_expired_mentor_enrolment_and_evaluator_right_reach_nothing(world, login):
    today = timezone.localdate()
    mark = login(world.mark)
    pair = reverse("mentorship", args=[world.mark_maya.pk])
    assert mark.get(pair).status_code == 200
    Enrolment.objects.filter(person=world.mark).update(expires_on=today)
    assert mark.get(pair).status_code == 404
    assert mark.get(reverse("match_browse", args=[world.cohort.pk])).status_code == 404

    eve = make_person("Eve Evaluator", Stage.ASSISTANT_PROFESSOR)
    eve.is_evaluator = True
    eve.save()
    report = reverse("evaluation_report", args=[world.cohort.pk])
    client = login(eve)
    assert client.get(report).status_code == 200
    eve.evaluator_expires_on = today
    eve.save()
    assert client.get(report).status_code == 404


def test_ending_a_role_now_ends_its_sessions_and_the_nightly_run_ends_the_expired_ones(world):
    from mentora.jobs.tasks import end_sessions_of_ended_roles
    from mentora.programs.models import ProgramCoordinator
    from mentora.programs.roles import do_end_coordinator_role

    today = timezone.localdate()
    alice, bob = Client(), Client()
    alice.force_login(world.alice)
    bob.force_login(world.bob)
    do_end_coordinator_role(world.clerkship, world.alice, today, today)
    assert not _signed_in(alice)  # signed out at once, and her role is gone anyway
    ProgramCoordinator.objects.filter(user=world.bob).update(expires_on=today)
    assert "ended 1 sessions" in end_sessions_of_ended_roles()
    world.bob.refresh_from_db()
    assert not _signed_in(bob)
