"""The one door to the job queue (django-q2): hand work over, report how far it got, run it.

    job = enqueue("match.solve", "mentora.matching.runs.solve_run_task", run.pk,
                  owner=user, subject=run.pk, on_failure="mentora.matching.runs.fail_run_task")

creates a Job row and schedules one django-q2 task that carries only the job's id. A worker
(`mentora worker`) delivers it to `run_job`, which claims the job, calls the work function
with `(job, *args)` and records the outcome. The work function calls `report_progress(job,
fraction, message)` as it goes.

Deliveries may repeat, and `run_job` makes that harmless:
- a job that is done or failed is left alone (a second delivery does nothing);
- a job left "running" by a worker that died is started again from the beginning when
  django-q2 delivers it again after its `retry` time (the ORM broker keeps it until
  acknowledged), counting attempts; after `max_attempts` it is marked failed instead;
- `sweep_stalled_jobs` (a schedule) fails jobs whose django-q2 task failed outside the work
  function, and sends again those the broker lost (Redis does not redeliver), so no job stays
  queued or running for ever.

With `Q_CLUSTER["sync"]` (tests, development, the demo) the task runs in this process at once.
"""

from __future__ import annotations

import json
import logging
import os
import socket
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.module_loading import import_string
from django_q.exceptions import TimeoutException

from mentora.core.text import plural
from mentora.jobs.models import Job
from mentora.programs.models import Program

logger = logging.getLogger(__name__)

RUN_JOB = "mentora.jobs.queue.run_job"
EXPORT_KIND = "export"  # mentora.jobs.exports
# A queued job is judged by the sweep only after this long, so it never races a task being sent.
SWEEP_GRACE = timedelta(minutes=1)


class JobError(ValueError):
    """A job that cannot be handed to the queue as asked."""


def queue_setting(name: str, default: Any = None) -> Any:
    """One value of the Q_CLUSTER block, read when asked (tests change it)."""
    return getattr(settings, "Q_CLUSTER", {}).get(name, default)


def runs_in_process() -> bool:
    return bool(queue_setting("sync", False))


def uses_database_broker() -> bool:
    return bool(queue_setting("orm"))


def enqueue(kind: str, func_path: str, *args: Any,
            owner: User | AnonymousUser | None = None, subject: object = "",
            on_failure: str = "", program: Program | None = None) -> Job:
    """Create a queued Job for `func_path(job, *args)` and schedule its task.

    `args` are stored on the job as JSON, so every delivery reads the same inputs. With the
    database broker the task is written in the caller's transaction: it exists exactly when the
    job does. In process (sync) the work runs before this returns, and the job returned is
    finished. `program`: the program the work is for, whose coordinators may follow it."""
    for path in filter(None, (func_path, on_failure)):
        _callable(path)
    try:
        stored = json.loads(json.dumps(list(args)))
    except (TypeError, ValueError) as problem:
        raise JobError(f"The arguments of a {kind} job must be JSON values: {problem}") from None
    now = timezone.now()
    with transaction.atomic():
        job = Job.objects.create(
            kind=kind, subject=str(subject), func=func_path, args=stored, on_failure=on_failure,
            owner=owner if isinstance(owner, User) and owner.pk else None, program=program,
            message="waiting for a worker", created_at=now, updated_at=now,
        )
        if runs_in_process():
            pass
        elif uses_database_broker():
            _send(job)
        else:
            transaction.on_commit(lambda: _send(job))
    if runs_in_process():
        _run_in_process(job)
        job.refresh_from_db()
    return job


def report_progress(job: Job, fraction: float | None, message: str = "") -> bool:
    """Record how far the work got (0 to 1; None keeps the last fraction) and a short message.

    Written at once, outside any transaction of the work, so a page sees it. Returns False when
    this attempt no longer owns the job (it was failed, or another attempt took over)."""
    now = timezone.now()
    fields: dict[str, Any] = {"updated_at": now}
    if fraction is not None:
        fields["progress"] = max(0.0, min(1.0, float(fraction)))
    if message:
        fields["message"] = message[:200]
    owned = Job.objects.filter(
        pk=job.pk, state=Job.State.RUNNING, attempts=job.attempts
    ).update(**fields)
    for name, value in fields.items():
        setattr(job, name, value)
    return bool(owned)


def run_job(job_id: int) -> str:
    """The task django-q2 runs: claim the job, do the work once, record the outcome."""
    job = _claim(job_id)
    if job is None:
        return "nothing to do"
    try:
        outcome = _callable(job.func)(job, *job.args)
    except (Exception, TimeoutException) as error:
        reason = _reason(error)
        logger.exception("Job %s (%s) failed: %s", job.pk, job.kind, reason)
        do_fail_job(job, reason)
        raise
    message = outcome if isinstance(outcome, str) and outcome else "done"
    Job.objects.filter(pk=job.pk, state=Job.State.RUNNING, attempts=job.attempts).update(
        state=Job.State.DONE, progress=1.0, message=message[:200], finished_at=timezone.now(),
        updated_at=timezone.now(),
    )
    return message


def do_fail_job(job: Job, reason: str) -> bool:
    """Mark an unfinished job failed with the reason, and tell its owner's part (on_failure).

    Returns False when the job had already finished."""
    now = timezone.now()
    with transaction.atomic():
        locked = Job.objects.select_for_update().filter(pk=job.pk).first()
        if locked is None or locked.finished:
            return False
        locked.state, locked.error, locked.finished_at = Job.State.FAILED, reason, now
        locked.message, locked.updated_at = "failed", now
        locked.save(update_fields=["state", "error", "finished_at", "message", "updated_at"])
    job.state, job.error, job.finished_at, job.message = locked.state, reason, now, "failed"
    if locked.on_failure:
        try:
            _callable(locked.on_failure)(locked, reason)
        except Exception:
            logger.exception("on_failure of job %s (%s) failed", locked.pk, locked.on_failure)
    return True


def sweep_stalled_jobs(now: datetime | None = None) -> str:
    """Leave no job queued or running for ever (a schedule runs this every few minutes).

    - a job whose django-q2 task failed without the work function recording it (the worker
      could not even start it) is marked failed with django-q2's reason;
    - a running job whose attempt began more than `retry` seconds ago has lost its worker
      (an attempt never outlives `timeout`, which is shorter): when the broker no longer holds
      its task (Redis forgets a task once handed out) it is sent again, or failed when its
      attempts are spent; with the database broker the broker delivers it again by itself;
    - a queued job whose task the database broker no longer holds is sent again."""
    from django_q.models import Task

    now = now or timezone.now()
    open_jobs = list(Job.objects.filter(state__in=[Job.State.QUEUED, Job.State.RUNNING]))
    if not open_jobs:
        return "no open jobs"
    failed = dict(
        Task.objects.filter(id__in=[j.task_id for j in open_jobs if j.task_id], success=False)
        .values_list("id", "result")
    )
    retry = timedelta(seconds=int(queue_setting("retry", 60)))
    held: set[str] | None = None
    failed_count = sent = 0
    for job in open_jobs:
        if job.task_id in failed:
            first_line = str(failed[job.task_id] or "").strip().splitlines()[:1]
            reason = "The worker could not run it: " + (first_line[0] if first_line else "?")
            failed_count += do_fail_job(job, reason)
            continue
        if job.state == Job.State.QUEUED and job.updated_at > now - SWEEP_GRACE:
            continue
        if job.state == Job.State.RUNNING and (job.started_at is None
                                               or job.started_at > now - retry):
            continue
        if uses_database_broker():
            held = _held_task_ids() if held is None else held
            if job.task_id in held:
                continue
        elif job.state == Job.State.QUEUED:
            continue  # waiting in Redis, which cannot be asked what it holds
        if _spent(job):
            failed_count += do_fail_job(job, _spent_reason(job))
        else:
            _resend(job)
            sent += 1
    return f"{failed_count} failed, {sent} sent again"


def access_job(user: User, job_id: int) -> Job:
    """A job reaches the person who started it, site admins, and the live coordinators of the
    program it works for (a colleague follows a queued import), but an export (whose file is
    its owner's alone) not them; anyone else gets a 404."""
    from mentora.programs.access import coordinated_by

    try:
        job = Job.objects.get(pk=job_id)
    except Job.DoesNotExist:
        raise Http404("No such job") from None
    if getattr(user, "is_superuser", False) or (job.owner_id and job.owner_id == user.pk):
        return job
    if (job.program_id and job.kind != EXPORT_KIND
            and coordinated_by(user).filter(pk=job.program_id).exists()):
        return job
    raise Http404("No such job")


def _callable(path: str) -> Callable[..., Any]:
    try:
        func = import_string(path)
    except ImportError as problem:
        raise JobError(f"No function {path!r}: {problem}") from None
    if not callable(func):
        raise JobError(f"{path!r} is not a function")
    return func  # type: ignore[no-any-return]


def _send(job: Job) -> None:
    from django_q.tasks import async_task

    task_id = async_task(RUN_JOB, job.pk, task_name=f"job {job.pk} {job.kind}"[:100], sync=False)
    Job.objects.filter(pk=job.pk).update(task_id=task_id)
    job.task_id = task_id


def _resend(job: Job) -> None:
    with transaction.atomic():
        Job.objects.filter(pk=job.pk).update(updated_at=timezone.now())
        if uses_database_broker():
            _send(job)
        else:
            transaction.on_commit(lambda: _send(job))


def _run_in_process(job: Job) -> None:
    from django_q.tasks import async_task

    try:
        task_id = async_task(RUN_JOB, job.pk, task_name=f"job {job.pk} {job.kind}"[:100],
                             sync=True)
    except (Exception, TimeoutException):
        # run_job has recorded the failure on the job; the caller reads it there.
        return
    Job.objects.filter(pk=job.pk).update(task_id=task_id)


def _claim(job_id: int) -> Job | None:
    """Take the job for this delivery, or None when there is nothing to do."""
    now = timezone.now()
    timeout = queue_setting("timeout")
    max_attempts = int(queue_setting("max_attempts", 0) or 0)
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.finished:
            return None
        if (job.state == Job.State.RUNNING and timeout and job.started_at is not None
                and job.started_at > now - timedelta(seconds=int(timeout))
                and not runs_in_process()):
            return None  # a duplicate delivery while another worker is still within its time
        if _spent(job):
            spent = job
        else:
            spent = None
            again = job.attempts > 0
            job.attempts += 1
            job.state, job.started_at, job.updated_at = Job.State.RUNNING, now, now
            job.progress, job.error = 0.0, ""
            job.message = (
                f"started again after its worker stopped (attempt {job.attempts}"
                + (f" of {max_attempts})" if max_attempts else ")") if again else "started"
            )
            job.worker = f"{socket.gethostname()}:{os.getpid()}"[:100]
            job.save(update_fields=["attempts", "state", "started_at", "updated_at", "progress",
                                    "error", "message", "worker"])
    if spent is not None:
        do_fail_job(spent, _spent_reason(spent))
        return None
    return job


def _spent(job: Job) -> bool:
    max_attempts = int(queue_setting("max_attempts", 0) or 0)
    return bool(max_attempts) and job.attempts >= max_attempts


def _spent_reason(job: Job) -> str:
    most = int(queue_setting("max_attempts", 0) or 0)
    return (f"Its worker stopped before finishing, {plural(job.attempts, 'time', 'times')} "
            f"(at most {plural(most, 'attempt', 'attempts')}): start it again, and if it stops "
            "again ask the administrator to check the workers' memory and time limits.")


def _held_task_ids() -> set[str]:
    """Ids of the tasks the database broker still holds (queued, or out with a worker)."""
    from django_q.brokers import get_broker
    from django_q.models import OrmQ

    broker = get_broker()
    return {str(row.task_id()) for row in OrmQ.objects.filter(key=broker.list_key)}


def _reason(error: BaseException) -> str:
    if isinstance(error, TimeoutException):
        return (f"It took longer than the {queue_setting('timeout')} seconds a task may run "
                "(JOBS_TIMEOUT).")
    text = str(error).strip()
    return text or error.__class__.__name__
