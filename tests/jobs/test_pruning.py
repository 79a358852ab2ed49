"""Nothing the queue writes grows for ever: an hourly schedule deletes finished jobs (and their
files) after JOBS_KEEP_DAYS, expired export files, and django-q2's old task rows."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from django.utils.module_loading import import_string
from django_q.models import Schedule, Success, Task

from mentora.jobs.models import Job
from mentora.jobs.pruning import prune_jobs
from mentora.jobs.queue import enqueue
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def folder(settings, tmp_path) -> Path:
    settings.EXPORTS_DIR = tmp_path / "exports"
    settings.JOBS_KEEP_DAYS = 30
    settings.EXPORTS_KEEP_HOURS = 24
    settings.EXPORTS_DIR.mkdir()
    return settings.EXPORTS_DIR


def _job(days_ago: float, state: str = Job.State.DONE, kind: str = "test.steps",
         file: str = "") -> Job:
    when = timezone.now() - timedelta(days=days_ago)
    finished = when if state in (Job.State.DONE, Job.State.FAILED) else None
    return Job.objects.create(kind=kind, func="tests.jobs.work.steps", state=state, file=file,
                              created_at=when, updated_at=when, finished_at=finished)


def _task(days_ago: float, success: bool, name: str) -> Task:
    when = timezone.now() - timedelta(days=days_ago)
    return Task.objects.create(id=name, name=name, func="tests.jobs.work.steps", started=when,
                               stopped=when, success=success)


def test_old_finished_jobs_go_with_their_files_and_open_or_recent_ones_stay(folder):
    old_done = _job(31, kind="export", file="job-old.export")
    (folder / "job-old.export").write_bytes(b"old")
    old_failed = _job(40, Job.State.FAILED)
    recent = _job(29)
    running = _job(45, Job.State.RUNNING)  # the sweep's business, never deleted here
    summary = prune_jobs()
    left = set(Job.objects.values_list("pk", flat=True))
    assert left == {recent.pk, running.pk}
    assert old_done.pk not in left and old_failed.pk not in left
    assert not (folder / "job-old.export").exists()
    assert summary.startswith("deleted 2 old jobs, 1 export files")


def test_an_expired_export_file_goes_and_its_job_stays(folder):
    expired = _job(2, kind="export", file="job-a.export")
    fresh = _job(0.5, kind="export", file="job-b.export")
    for name in ("job-a.export", "job-b.export"):
        (folder / name).write_bytes(b"x")
    orphan = folder / "job-gone.export"  # its job was deleted with its program
    orphan.write_bytes(b"x")
    old = (timezone.now() - timedelta(days=2)).timestamp()
    os.utime(orphan, (old, old))
    prune_jobs()
    assert sorted(p.name for p in folder.iterdir()) == ["job-b.export"]
    expired.refresh_from_db()
    fresh.refresh_from_db()
    assert (expired.file, fresh.file) == ("", "job-b.export")


def test_django_q2s_task_rows_are_trimmed(folder, settings):
    settings.Q_CLUSTER = {**settings.Q_CLUSTER, "save_limit": 3}
    Task.objects.all().delete()
    _task(31, False, "old-failure")
    _task(1, False, "recent-failure")
    for k in range(5):
        _task(k / 10, True, f"success-{k}")
    prune_jobs()
    assert set(Task.objects.filter(success=False).values_list("name", flat=True)) == {
        "recent-failure"}
    assert set(Success.objects.values_list("name", flat=True)) == {
        "success-0", "success-1", "success-2"}  # the newest, up to save_limit


def test_save_limit_is_set_and_the_pruning_is_scheduled_hourly(settings):
    assert int(settings.Q_CLUSTER["save_limit"]) > 0
    row = Schedule.objects.get(name="Old jobs and exports")
    assert (row.func, row.schedule_type, row.minutes, row.repeats) == (
        "mentora.jobs.tasks.prune_jobs", Schedule.MINUTES, 60, -1)


def test_the_schedule_runs_the_pruning_through_the_queue(folder):
    alice = factories.make_user("alice@example.edu")
    old = _job(60)
    func = import_string(Schedule.objects.get(name="Old jobs and exports").func)
    assert func().startswith("deleted 1 old jobs")
    assert not Job.objects.filter(pk=old.pk).exists()
    job = enqueue("test.steps", "tests.jobs.work.steps", 1, owner=alice)
    assert prune_jobs().startswith("deleted 0 old jobs")  # a job of today stays
    assert Job.objects.filter(pk=job.pk).exists()
