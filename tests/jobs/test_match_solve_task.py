"""A large cohort's match is solved by the job queue: the run page follows the job, a second
delivery changes nothing, a worker that died is replaced, and a run whose job fails says why."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from mentora.jobs.models import Job
from mentora.jobs.queue import run_job
from mentora.matching.models import MatchRun
from mentora.matching.runs import do_start_run, solve_run_task
from tests.matching.builders import tiered_clerkship

NOW = datetime(2026, 8, 1, 12, tzinfo=UTC)
pytestmark = pytest.mark.django_db


@pytest.fixture
def clerkship(world):
    return tiered_clerkship(world.alice)


@pytest.fixture
def queued(settings):
    settings.Q_CLUSTER = {**settings.Q_CLUSTER, "sync": False, "timeout": 60, "retry": 90,
                          "max_attempts": 3}


def _job(run: MatchRun) -> Job:
    return Job.objects.get(kind="match.solve", subject=str(run.pk))


def _worker_died(job: Job, run: MatchRun) -> None:
    """As a killed worker leaves them: the job running since long ago, the run half-way."""
    long_ago = timezone.now() - timedelta(hours=1)
    Job.objects.filter(pk=job.pk).update(state=Job.State.RUNNING, attempts=job.attempts + 1,
                                         started_at=long_ago, updated_at=long_ago)
    MatchRun.objects.filter(pk=run.pk).update(
        progress=["inputs stored", "solving", "candidates scored"])


def test_a_background_run_is_a_job_of_its_coordinator_and_its_phases_show_on_the_run(clerkship):
    run = do_start_run(clerkship.cohort, clerkship.coordinator, NOW, background=True)
    job = _job(run)
    assert (job.state, job.owner, job.attempts) == (Job.State.DONE, clerkship.coordinator, 1)
    run.refresh_from_db()
    assert run.status == MatchRun.Status.DONE and run.pairs
    assert run.progress[:3] == ["inputs stored", "solving", run.progress[2]]
    assert run.progress[-1].startswith("done") and job.message == run.progress[-1]
    assert run.finished_at == NOW


def test_a_second_delivery_of_a_solved_run_changes_nothing(clerkship):
    run = do_start_run(clerkship.cohort, clerkship.coordinator, NOW, background=True)
    run.refresh_from_db()
    before = (run.result, run.progress, run.finished_at)
    assert run_job(_job(run).pk) == "nothing to do"
    again = solve_run_task(_job(run), run.pk, NOW.isoformat())
    assert again == f"run {run.number} was already done"
    run.refresh_from_db()
    assert (run.result, run.progress, run.finished_at) == before


def test_a_solve_whose_worker_died_starts_over_when_delivered_again(clerkship, queued):
    run = do_start_run(clerkship.cohort, clerkship.coordinator, NOW, background=True)
    job = _job(run)
    assert job.state == Job.State.QUEUED
    assert MatchRun.objects.get(pk=run.pk).progress == ["inputs stored", "waiting for a worker"]
    _worker_died(job, run)
    run_job(job.pk)
    run.refresh_from_db()
    assert run.status == MatchRun.Status.DONE and run.pairs
    assert run.progress[:2] == ["inputs stored",
                                "solving again after the worker stopped (attempt 2)"]
    assert "candidates scored" not in run.progress[:3]  # the dead attempt's phases are gone
    assert _job(run).attempts == 2


def test_a_run_whose_worker_keeps_dying_is_failed_with_the_reason_on_its_page(
    clerkship, queued, client
):
    run = do_start_run(clerkship.cohort, clerkship.coordinator, NOW, background=True)
    job = _job(run)
    for _ in range(3):
        _worker_died(job, run)
        job.refresh_from_db()
    run_job(job.pk)
    run.refresh_from_db()
    assert run.status == MatchRun.Status.FAILED
    assert "stopped before finishing, 3 times" in run.error
    client.force_login(clerkship.coordinator)
    page = client.get(f"/match/runs/{run.pk}/").content.decode()
    assert "could not be solved" in page and "stopped before finishing, 3 times" in page


def test_a_solve_that_crashes_fails_its_run_instead_of_leaving_it_running(clerkship, monkeypatch):
    def crash(*args, **kwargs):
        raise MemoryError("the solver ran out of memory")

    monkeypatch.setattr("mentora.matching.runs.solve_snapshot", crash)
    run = do_start_run(clerkship.cohort, clerkship.coordinator, NOW, background=True)
    run.refresh_from_db()
    assert run.status == MatchRun.Status.FAILED
    assert run.error == "the solver ran out of memory"
    assert _job(run).state == Job.State.FAILED
