"""The reminder step: idempotent, a mail server that is down delays and loses nothing, the
`mentora remind` command, and two processes at once on PostgreSQL sending nothing twice."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
from collections import Counter
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from mentora.engagement.delivery import deliver, remind
from mentora.engagement.models import Kind, Notification
from mentora.engagement.notify import Draft, notify
from mentora.jobs.schedules import SCHEDULES
from mentora.mentorships.actions import MeetingDetails, do_schedule_meeting
from mentora.people.ladder import Stage
from tests import factories

ROOT = Path(__file__).resolve().parents[2]
DOWN = "tests.engagement.mailserver.DownBackend"


def _drafts(world, n):
    return [
        Draft(world.maya.pk, Kind.GOAL_REVIEW, f"k{i}", f"Message {i}", "Body") for i in range(n)
    ]


def _due_meeting(world, now):
    day = timezone.localdate(now) + timedelta(days=1)
    do_schedule_meeting(
        [world.mark_maya],
        MeetingDetails(on=day, starts_at=time(7, 0)),
        world.mark,
        now - timedelta(days=3),
    )


def test_running_the_step_twice_sends_each_message_once(world, mailoutbox):
    now = timezone.make_aware(datetime(2026, 9, 1, 12, 0))
    _due_meeting(world, now)
    first = remind(now)
    assert {m.to[0] for m in mailoutbox} >= {world.mark.email, world.maya.email}
    assert len(mailoutbox) == len(first)
    assert remind(now) == []
    assert remind(now + timedelta(minutes=5)) == []
    assert len(mailoutbox) == len(first)


def test_a_mail_server_that_is_down_delays_messages_and_loses_none(world, settings, mailoutbox):
    now = timezone.make_aware(datetime(2026, 9, 1, 12, 0))
    notify(_drafts(world, 3), now)
    settings.EMAIL_BACKEND = DOWN
    assert deliver(now) == []
    waiting = Notification.objects.filter(email=Notification.Email.PENDING)
    assert waiting.count() == 3
    tried = waiting.get(attempts=1)
    assert "refused" in tried.last_error and tried.next_attempt_at > now
    assert deliver(now + timedelta(minutes=1)) == []  # the others were due, the server is down
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    later = now + timedelta(hours=1)
    sent = deliver(later)
    assert sorted(s.subject for s in sent) == ["Message 0", "Message 1", "Message 2"]
    assert len(mailoutbox) == 3
    assert not Notification.objects.exclude(email=Notification.Email.SENT).exists()


def test_the_site_keeps_serving_while_the_mail_server_is_down(world, settings, login):
    notify(_drafts(world, 1), timezone.now())
    settings.EMAIL_BACKEND = DOWN
    remind(timezone.now())
    assert login(world.maya).get("/notifications/").status_code == 200


def test_remind_once_prints_what_it_sent_and_a_second_run_sends_none(world, capsys):
    notify(_drafts(world, 2), timezone.now())
    call_command("remind", "--once")
    out = capsys.readouterr().out
    assert f"to {world.maya.email}: Message 0" in out
    assert re.search(r"Sent ([2-9]|[1-9]\d+) messages\.", out)  # the two, and whatever is due
    call_command("remind", "--once")
    assert "Sent 0 messages." in capsys.readouterr().out


def test_remind_loop_stops_cleanly_on_sigterm(world, capsys):
    notify(_drafts(world, 1), timezone.now())
    timer = threading.Timer(1.0, os.kill, args=(os.getpid(), signal.SIGTERM))
    timer.start()
    try:
        call_command("remind", "--loop", "--every", "0.1")
    finally:
        timer.cancel()
    out = capsys.readouterr().out
    assert "Message 0" in out and out.rstrip().endswith("Stopped.")
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL


def test_the_queue_schedule_runs_the_step():
    (reminders,) = [r for r in SCHEDULES if r.name == "Reminders"]
    assert reminders.func == "mentora.jobs.tasks.send_reminders"
    assert not [r for r in SCHEDULES if r.name == "Survey reminders"]


def _remind_in_a_process(env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "manage.py", "remind", "--once", "--batch", "3"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_processes_at_once_on_postgresql_send_no_message_twice(world):
    if connection.vendor != "postgresql":
        pytest.skip("two processes on one database: run with DATABASE_URL=postgres://...")
    # 200 messages waiting, and 30 pairs quiet since the cohort started (drift reminders that
    # both processes plan at once).
    notify(
        [
            Draft(world.maya.pk, Kind.GOAL_REVIEW, f"k{i}", f"Message {i}", "Body")
            for i in range(200)
        ],
        timezone.now(),
    )
    cohort = factories.make_cohort(world.clerkship, "2025-26")
    cohort.ends_on = date(2099, 6, 30)
    cohort.save(update_fields=["ends_on"])
    for n in range(30):
        mentor = factories.make_person(f"Quiet Mentor {n}", Stage.PGY2)
        mentee = factories.make_person(f"Quiet Mentee {n}")
        factories.enrol(cohort, mentor, "mentor", capacity=1)
        factories.enrol(cohort, mentee)
        factories.pair(cohort, mentor, mentee)
    settings_db = connection.settings_dict
    url = (
        f"postgres://{settings_db['USER']}@{settings_db['HOST']}:{settings_db['PORT']}/"
        f"{settings_db['NAME']}"
    )
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "PYTHONPATH": str(ROOT),
        "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
    }
    processes = [_remind_in_a_process(env) for _ in range(2)]
    outputs = [p.communicate(timeout=120) for p in processes]
    for process, (_, err) in zip(processes, outputs, strict=True):
        assert process.returncode == 0, err
    # Each process prints a line per message it sent, and the console backend the message.
    sent = [
        [line for line in out.splitlines() if line.startswith("Sent ") and " to " in line]
        for out, _ in outputs
    ]
    mailed = sum(out.count("\nTo: ") for out, _ in outputs)
    rows = Notification.objects.count()
    assert rows > 200 + 30  # the waiting ones and at least one drift reminder per quiet pair
    assert not Notification.objects.exclude(email=Notification.Email.SENT).exists()
    assert len(sent[0]) + len(sent[1]) == mailed == rows  # every message once, none twice
    assert max(Counter(line for lines in sent for line in lines).values()) == 1


def test_day_level_reminders_are_planned_at_the_first_run_of_each_day_only(
    world, monkeypatch, mailoutbox
):
    """Drift, pulses, plans due and the like change by the day: the 5-minute step plans them
    once a day; a meeting in the next 24 hours is still found at every run."""
    from mentora.engagement import sources
    from mentora.engagement.models import PlannedDay

    days = []
    real = sources.plan_day
    monkeypatch.setattr(sources, "plan_day", lambda now: days.append(now) or real(now))
    morning = timezone.make_aware(datetime(2026, 9, 1, 8, 0))
    remind(morning)
    remind(morning + timedelta(minutes=5))
    _due_meeting(world, morning + timedelta(hours=2))  # scheduled mid-morning, for tomorrow
    sent = remind(morning + timedelta(hours=2, minutes=5))
    assert any(s.kind == Kind.MEETING_SOON for s in sent)
    assert days == [morning]
    remind(morning + timedelta(hours=16, minutes=5))  # five past midnight: a new day
    assert days == [morning, morning + timedelta(hours=16, minutes=5)]
    assert PlannedDay.objects.count() == 2
