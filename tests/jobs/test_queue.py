"""The queue's door, run in process (sync) as in every test: what a job records, and that a
second delivery, a dead worker and spent attempts all end with the job done or failed."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from django.utils.module_loading import import_string
from django_q.models import OrmQ, Schedule, Task

from mentora.jobs.models import Job
from mentora.jobs.queue import JobError, enqueue, run_job, sweep_stalled_jobs
from mentora.jobs.schedules import SCHEDULES, register_schedules
from tests import factories
from tests.jobs import work

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_records():
    for record in (work.CALLS, work.SEEN, work.FAILURES):
        record.clear()


@pytest.fixture
def queued(settings):
    """Tasks go to the database broker for a worker instead of running in process."""
    settings.Q_CLUSTER = {**settings.Q_CLUSTER, "sync": False, "timeout": 60, "retry": 90,
                          "max_attempts": 3}


def _dead_worker(job: Job, attempts: int) -> None:
    """Leave the job as a worker that died mid-task leaves it: running, long ago."""
    long_ago = timezone.now() - timedelta(hours=2)
    Job.objects.filter(pk=job.pk).update(state=Job.State.RUNNING, attempts=attempts,
                                         started_at=long_ago, updated_at=long_ago)


def test_a_job_runs_in_process_and_records_its_progress_and_outcome():
    alice = factories.make_user("alice@example.edu")
    job = enqueue("test.steps", "tests.jobs.work.steps", 4, owner=alice, subject=17)
    assert (job.state, job.progress, job.message) == (Job.State.DONE, 1.0, "4 steps")
    assert (job.kind, job.subject, job.owner, job.attempts) == ("test.steps", "17", alice, 1)
    assert work.SEEN == [(0.25, "step 1 of 4"), (0.5, "step 2 of 4"), (0.75, "step 3 of 4"),
                         (1.0, "step 4 of 4")]
    assert job.finished_at is not None
    assert Task.objects.get(id=job.task_id).success


def test_a_failing_job_is_failed_with_its_reason_and_tells_its_part():
    job = enqueue("test.import", "tests.jobs.work.boom", "D",
                  on_failure="tests.jobs.work.remember_failure")
    assert job.state == Job.State.FAILED
    assert job.error == "row 4, column D: not a date"
    assert job.progress == pytest.approx(0.3)  # where it stopped
    assert [(job.pk, "row 4, column D: not a date")] == work.FAILURES


def test_a_second_delivery_of_a_finished_job_does_nothing():
    job = enqueue("test.count", "tests.jobs.work.count", "once")
    assert [(job.pk, 1)] == work.CALLS
    assert run_job(job.pk) == "nothing to do"
    assert [(job.pk, 1)] == work.CALLS
    job.refresh_from_db()
    assert (job.state, job.attempts) == (Job.State.DONE, 1)


def test_a_job_whose_worker_died_starts_again_cleanly_when_delivered_again(queued):
    job = enqueue("test.steps", "tests.jobs.work.steps", 2)
    assert job.state == Job.State.QUEUED and work.SEEN == []
    _dead_worker(job, attempts=1)
    Job.objects.filter(pk=job.pk).update(progress=0.6, message="step 3 of 5")
    assert run_job(job.pk) == "2 steps"
    job.refresh_from_db()
    assert (job.state, job.attempts, job.progress) == (Job.State.DONE, 2, 1.0)
    assert work.SEEN[0] == (0.5, "step 1 of 2")  # restarted from the beginning


def test_a_job_whose_attempts_are_spent_is_failed_not_run_again(queued):
    job = enqueue("test.count", "tests.jobs.work.count", "x",
                  on_failure="tests.jobs.work.remember_failure")
    _dead_worker(job, attempts=3)
    assert run_job(job.pk) == "nothing to do"
    job.refresh_from_db()
    assert job.state == Job.State.FAILED
    assert "stopped before finishing, 3 times" in job.error
    assert work.CALLS == [] and [(job.pk, job.error)] == work.FAILURES


def test_a_duplicate_delivery_leaves_a_job_its_live_worker_is_running(queued):
    job = enqueue("test.count", "tests.jobs.work.count", "x")
    now = timezone.now()
    Job.objects.filter(pk=job.pk).update(state=Job.State.RUNNING, attempts=1, started_at=now,
                                         updated_at=now)
    assert run_job(job.pk) == "nothing to do"
    job.refresh_from_db()
    assert (job.state, job.attempts) == (Job.State.RUNNING, 1) and work.CALLS == []


def test_with_a_worker_the_task_waits_in_the_database_with_the_job(queued):
    job = enqueue("test.count", "tests.jobs.work.count", "later")
    assert job.state == Job.State.QUEUED and job.message == "waiting for a worker"
    held = [row.task_id() for row in OrmQ.objects.all()]
    assert held == [job.task_id]
    assert work.CALLS == []


def test_bad_work_is_refused_before_anything_is_queued():
    with pytest.raises(JobError, match="JSON"):
        enqueue("test.count", "tests.jobs.work.count", timezone.now())
    with pytest.raises(JobError, match="No function"):
        enqueue("test.count", "tests.jobs.work.no_such_function")
    assert not Job.objects.exists()


def test_the_sweep_fails_a_job_whose_task_failed_outside_the_work(queued):
    job = enqueue("test.count", "tests.jobs.work.count", "x",
                  on_failure="tests.jobs.work.remember_failure")
    now = timezone.now()
    Task.objects.create(id=job.task_id, name="t", func="mentora.jobs.queue.run_job",
                        started=now, stopped=now, success=False,
                        result="No module named 'gone'\nTraceback ...")
    assert sweep_stalled_jobs() == "1 failed, 0 sent again"
    job.refresh_from_db()
    assert job.state == Job.State.FAILED
    assert job.error == "The worker could not run it: No module named 'gone'"
    assert [(job.pk, job.error)] == work.FAILURES


def test_the_sweep_sends_again_a_running_job_the_broker_lost_and_fails_a_spent_one(queued):
    lost = enqueue("test.count", "tests.jobs.work.count", "lost")
    spent = enqueue("test.count", "tests.jobs.work.count", "spent")
    waiting = enqueue("test.count", "tests.jobs.work.count", "waiting")
    OrmQ.objects.exclude(payload__isnull=True).filter(
        pk__in=[r.pk for r in OrmQ.objects.all() if r.task_id() != waiting.task_id]).delete()
    _dead_worker(lost, attempts=1)
    _dead_worker(spent, attempts=3)
    Job.objects.filter(pk=waiting.pk).update(created_at=timezone.now() - timedelta(hours=2),
                                             updated_at=timezone.now() - timedelta(hours=2))
    first_task = lost.task_id
    assert sweep_stalled_jobs() == "1 failed, 1 sent again"
    lost.refresh_from_db()
    spent.refresh_from_db()
    waiting.refresh_from_db()
    assert lost.state == Job.State.RUNNING and lost.task_id != first_task
    assert {r.task_id() for r in OrmQ.objects.all()} == {waiting.task_id, lost.task_id}
    assert spent.state == Job.State.FAILED and "3 times" in spent.error
    assert waiting.state == Job.State.QUEUED  # still held by the broker: left alone
    assert run_job(lost.pk) == "counted lost"


def test_a_page_polls_the_progress_of_its_own_jobs_only(client):
    alice = factories.make_user("alice@example.edu")
    bob = factories.make_user("bob@example.edu")
    job = enqueue("test.steps", "tests.jobs.work.steps", 2, owner=alice)
    assert client.get(f"/jobs/{job.pk}/").status_code == 302  # sign in first
    client.force_login(bob)
    assert client.get(f"/jobs/{job.pk}/").status_code == 404
    client.force_login(alice)
    answer = client.get(f"/jobs/{job.pk}/").json()
    assert answer["state"] == "done" and answer["finished"] and answer["progress"] == 1.0
    assert answer["message"] == "2 steps"


def test_the_progress_partial_shows_a_failed_jobs_reason(client):
    from django.template.loader import render_to_string

    job = enqueue("test.import", "tests.jobs.work.boom", "F")
    html = render_to_string("jobs/_progress.html", {"job": job})
    assert "Failed" in html and "row 4, column F: not a date" in html
    assert "progress.js" not in html  # nothing left to poll


def test_the_recurring_work_is_scheduled_once_at_migrate_and_points_at_real_functions():
    names = [r.name for r in SCHEDULES]
    rows = Schedule.objects.filter(name__in=names)
    assert sorted(rows.values_list("name", flat=True)) == sorted(names)
    register_schedules()
    assert Schedule.objects.filter(name__in=names).count() == len(names)
    minutes = {r.name: r.minutes for r in SCHEDULES}
    for row in rows:
        assert row.schedule_type == Schedule.MINUTES and row.repeats == -1
        assert row.minutes == minutes[row.name]
        assert callable(import_string(row.func))


def test_the_reminder_schedule_mails_due_survey_reminders(world, mailoutbox):
    from datetime import date

    import time_machine

    from mentora.jobs.tasks import send_survey_reminders
    from mentora.surveys.actions import do_create_wave, do_send_invitations
    from mentora.surveys.library import ensure_library

    now = timezone.now()
    instrument = ensure_library(now)["clerkship_survey"]
    today = timezone.localdate(now)
    wave = do_create_wave(world.cohort, instrument, "Post", today - timedelta(days=1),
                          date(today.year + 1, 6, 30), now)
    assert do_send_invitations(wave, now) == 2  # Maya and Nina
    mailoutbox.clear()
    assert send_survey_reminders() == "sent 0 survey reminders"
    with time_machine.travel(now + timedelta(days=wave.reminder_every_days, hours=1)):
        assert send_survey_reminders() == "sent 2 survey reminders"
    assert sorted(m.to[0] for m in mailoutbox) == sorted([world.maya.email, world.nina.email])
