"""Due reminders are found by one indexed column, kept by every change of a wave or invitation."""

from __future__ import annotations

import importlib
import threading
from collections import Counter
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.db import connection, connections
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

from mentora.engagement.delivery import remind
from mentora.surveys.actions import (
    do_create_wave,
    do_send_invitations,
    send_due_reminders,
)
from mentora.surveys.library import ensure_library
from mentora.surveys.models import Invitation
from tests import factories

NOW = datetime(2026, 11, 21, 15, 0, tzinfo=UTC)  # 9 a.m. in Chicago, the site's time zone


@pytest.fixture
def library(db):
    return ensure_library(NOW)


def _wave(world, library, opens_on=date(2026, 11, 1), closes_on=date(2027, 6, 30)):
    return do_create_wave(
        world.cohort, library["clerkship_survey"], "Post", opens_on, closes_on, NOW
    )


def _enrol_mentees(world, count):
    for n in range(count):
        factories.enrol(world.cohort, factories.make_person(f"Mentee {n:02}", with_login=False))


def _local(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def test_a_due_reminder_is_sent_past_sixty_invitations_whose_reminders_are_used_up(world, library):
    wave = _wave(world, library)  # three reminders, a week apart
    _enrol_mentees(world, 58)  # with Maya and Nina, 60 mentees
    assert do_send_invitations(wave, NOW) == 60
    for week in (1, 2, 3):
        assert send_due_reminders(NOW + timedelta(weeks=week), batch=25) == 60
    # Someone enrolled late is invited after the others' last reminder: their invitation is
    # the one reminder due, behind sixty that were mailed earlier and have none left.
    late = factories.make_person("Late Comer", with_login=False)
    factories.enrol(world.cohort, late)
    invited_late = NOW + timedelta(days=22)
    assert do_send_invitations(wave, invited_late) == 1
    mail.outbox.clear()

    assert send_due_reminders(invited_late + timedelta(weeks=1), batch=25) == 1

    assert [m.to[0] for m in mail.outbox] == [late.email]
    assert mail.outbox[0].subject.startswith("Reminder:")
    used_up = Invitation.objects.exclude(person=late)
    assert sorted(set(used_up.values_list("reminders_sent", flat=True))) == [3]
    assert not used_up.filter(next_reminder_at__isnull=False).exists()


@time_machine.travel(NOW, tick=False)
def test_changing_the_schedule_moves_every_pending_reminder(world, library, login):
    wave = _wave(world, library, closes_on=date(2026, 12, 15))
    do_send_invitations(wave, NOW)
    client = login(world.alice)
    page = client.get(f"/surveys/waves/{wave.pk}/").content.decode()
    assert page.count("28 Nov 2026") == 2  # a week after the invitation

    schedule = {
        "opens_on": "2026-11-01",
        "closes_on": "2026-12-15",
        "reminder_every_days": "2",
        "max_reminders": "3",
    }
    saved = client.post(f"/surveys/waves/{wave.pk}/schedule/", schedule)
    assert saved.status_code == 302
    page = client.get(f"/surveys/waves/{wave.pk}/").content.decode()
    assert page.count("23 Nov 2026") == 2 and "28 Nov 2026" not in page
    mail.outbox.clear()
    assert send_due_reminders(NOW + timedelta(days=2)) == 2

    # Closing the wave early (before the next reminder would go): no reminder is due any more.
    client.post(f"/surveys/waves/{wave.pk}/schedule/", {**schedule, "closes_on": "2026-11-24"})
    assert not Invitation.objects.filter(next_reminder_at__isnull=False).exists()
    assert send_due_reminders(NOW + timedelta(days=30)) == 0
    # Reopened: reminders are due again, two days after the last one.
    client.post(f"/surveys/waves/{wave.pk}/schedule/", schedule)
    due = {_local(i.next_reminder_at) for i in Invitation.objects.all()}
    assert due == {"2026-11-25 09:00"}

    # No reminders at all.
    client.post(f"/surveys/waves/{wave.pk}/schedule/", {**schedule, "max_reminders": "0"})
    assert send_due_reminders(NOW + timedelta(days=30)) == 0


def test_a_reminder_waits_for_the_wave_to_open_and_stops_when_it_closes(world, library):
    wave = _wave(world, library, opens_on=date(2026, 12, 1), closes_on=date(2026, 12, 2))
    do_send_invitations(wave, NOW)  # invited early; the wave opens on December 1
    (first,) = {_local(i.next_reminder_at) for i in Invitation.objects.all()}
    assert first == "2026-12-01 00:00"  # the start of the local day it opens
    assert send_due_reminders(datetime(2026, 12, 1, 5, 59, tzinfo=UTC)) == 0  # 11:59 p.m.
    assert send_due_reminders(datetime(2026, 12, 1, 6, 0, tzinfo=UTC)) == 2
    # A week later the wave has closed: nothing more is due.
    assert not Invitation.objects.filter(next_reminder_at__isnull=False).exists()


def test_a_schedule_that_closes_before_it_opens_is_refused(world, library, login):
    wave = _wave(world, library)
    page = login(world.alice).post(
        f"/surveys/waves/{wave.pk}/schedule/",
        {
            "opens_on": "2026-12-01",
            "closes_on": "2026-11-01",
            "reminder_every_days": "0",
            "max_reminders": "3",
        },
    )
    assert page.status_code == 400
    assert b"close on or after" in page.content
    assert b"Ensure this value is greater than or equal to 1." in page.content
    wave.refresh_from_db()
    assert wave.opens_on == date(2026, 11, 1)


def test_another_coordinator_cannot_change_the_schedule(world, library, login):
    wave = _wave(world, library)
    page = login(world.bob).post(
        f"/surveys/waves/{wave.pk}/schedule/",
        {
            "opens_on": "2026-11-01",
            "closes_on": "2026-11-02",
            "reminder_every_days": "1",
            "max_reminders": "3",
        },
    )
    assert page.status_code == 404
    wave.refresh_from_db()
    assert wave.closes_on == date(2027, 6, 30)


def test_due_reminders_are_selected_through_the_index(db):
    due = Invitation.objects.filter(next_reminder_at__lte=NOW).order_by("next_reminder_at", "pk")
    sql, params = due.query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        else:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(f"EXPLAIN {sql}", params)
        plan = " ".join(str(row) for row in cursor.fetchall())
    assert "invitation_reminder_due" in plan, plan


def test_the_migration_fills_the_column_for_existing_invitations(world, library):
    wave = _wave(world, library, closes_on=date(2026, 12, 15))
    do_send_invitations(wave, NOW)
    maya = Invitation.objects.get(person=world.maya)
    Invitation.objects.filter(pk=maya.pk).update(used_at=NOW)
    Invitation.objects.update(next_reminder_at=None)  # as they were before the column

    migration = importlib.import_module("mentora.surveys.migrations.0003_fill_next_reminder_at")
    state = MigrationLoader(connection).project_state(("surveys", "0003_fill_next_reminder_at"))
    migration.fill(state.apps, None)

    due = dict(Invitation.objects.values_list("person", "next_reminder_at"))
    assert due[world.maya.pk] is None
    assert _local(due[world.nina.pk]) == "2026-11-28 09:00"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_senders_at_once_never_send_one_reminder_twice(world):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent senders need PostgreSQL's row locks (DATABASE_URL)")
    wave = _wave(world, ensure_library(NOW))
    _enrol_mentees(world, 38)
    assert do_send_invitations(wave, NOW) == 40
    mail.outbox.clear()
    start = threading.Barrier(2)
    sent: list[int] = []

    def sender() -> None:
        try:
            start.wait()
            sent.append(send_due_reminders(NOW + timedelta(weeks=1), batch=3))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=sender) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(sent) == 40
    assert set(Counter(m.to[0] for m in mail.outbox).values()) == {1}
    assert len(mail.outbox) == 40


def test_inviting_while_the_mail_server_is_down_answers_and_mails_later(world, login, settings):
    """The invitations are kept in the outbox, the page answers with a message, never a 500,
    and the reminder step mails them once the server is back."""
    wave = do_create_wave(
        world.cohort, ensure_library(NOW)["clerkship_survey"], "End of clerkship",
        date(2026, 11, 1), date(2026, 12, 15), NOW,
    )  # fmt: skip
    settings.EMAIL_BACKEND = "tests.engagement.mailserver.DownBackend"
    client = login(world.alice)
    page = client.post(f"/surveys/waves/{wave.pk}/invite/", {"role": "mentee"}, follow=True)
    assert page.status_code == 200
    assert "Invited 2 people: their emails go now, or as soon as the mail server answers" in (
        page.content.decode()
    )
    assert wave.invitations.count() == 2 and not mail.outbox
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    remind(timezone.now() + timedelta(minutes=10))
    surveys = [m.to[0] for m in mail.outbox if "/s/" in m.body]
    assert sorted(surveys) == sorted([world.maya.email, world.nina.email])


def test_inviting_mails_only_this_waves_invitations_and_leaves_the_rest_to_the_step(world):
    from mentora.engagement.models import Kind, Notification
    from mentora.engagement.notify import Draft, notify

    waiting = Draft(world.mark.pk, Kind.SURVEY_REMINDER, "survey:elsewhere", "Elsewhere", "…",
                    about_id=10**9)
    notify([waiting], timezone.now())
    wave = do_create_wave(
        world.cohort, ensure_library(NOW)["clerkship_survey"], "End of clerkship",
        date(2026, 11, 1), date(2026, 12, 15), NOW,
    )  # fmt: skip
    assert do_send_invitations(wave, timezone.now()) == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted([world.maya.email, world.nina.email])
    left = Notification.objects.get(key="survey:elsewhere")
    assert left.email == Notification.Email.PENDING
