"""Exports of large cohorts as jobs: a task writes the file, its owner downloads it.

A part that exports (the survey records, the report's tables) describes the file with an
`ExportAsk`: a `produce(job, *args) -> bytes` function, which reports its progress and returns
the file's bytes, and a `check(user, *args)` function, which raises Http404 (or PermissionDenied)
when the user may not have that file. `do_queue_export` hands it to the queue and the page
redirects to the job's page (`export_job`), which shows the progress and then a download link.

- The file is written into `EXPORTS_DIR` (var/exports by default: private storage, outside
  STATIC_ROOT and MEDIA_ROOT, never served by the web server), under a name of the job's id,
  written to a temporary name first and renamed, so a download never reads half a file.
- A download is the job's owner's alone, and their right is checked again (`check`) at that
  moment: a coordinator whose role ended or whose export right changed gets a 404.
- The file is deleted `EXPORTS_KEEP_HOURS` after the job finished (mentora.jobs.pruning, a
  schedule); a download after that says to ask again.
- Deliveries may repeat: a finished job is never run again (mentora.jobs.queue), and a job
  started again after its worker died writes the same name again. The same owner asking for
  the same file while a job for it waits or runs gets that job, not a second one.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, cast

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone
from django.utils.module_loading import import_string

from mentora.jobs.models import Job
from mentora.jobs.queue import EXPORT_KIND as KIND
from mentora.jobs.queue import enqueue, report_progress
from mentora.programs.models import Cohort, Enrolment, Program

RUN = "mentora.jobs.exports.run_export"


@dataclass(frozen=True)
class ExportAsk:
    produce: str  # dotted path of produce(job, *args) -> bytes
    check: str  # dotted path of check(user, *args): raises Http404 when the user may not
    args: tuple[Any, ...]
    filename: str  # what the browser saves it as
    content_type: str


def exports_dir() -> Path:
    return Path(getattr(settings, "EXPORTS_DIR", Path(settings.VAR_DIR) / "exports"))


def keep_for() -> timedelta:
    """How long an export's file is kept after its job finished."""
    return timedelta(hours=int(getattr(settings, "EXPORTS_KEEP_HOURS", 24)))


def export_above() -> int:
    return int(getattr(settings, "EXPORT_TASK_ABOVE", 500))


def is_large(cohort: Cohort) -> bool:
    """A cohort of more people enrolled than EXPORT_TASK_ABOVE gets its exports from a job."""
    return Enrolment.objects.filter(cohort=cohort).count() > export_above()


def do_queue_export(ask: ExportAsk, owner: User, program: Program) -> Job:
    """The job writing this file for this owner: the one waiting or running, else a new one.
    `program` (the export's) names where the download is audited; an export job is still its
    owner's alone (mentora.jobs.queue.access_job)."""
    spec = [ask.produce, ask.check, ask.filename, ask.content_type, *ask.args]
    try:
        subject = hashlib.sha256(json.dumps(spec, sort_keys=True).encode()).hexdigest()
    except TypeError as problem:
        raise ValueError(f"The arguments of an export must be JSON values: {problem}") from None
    waiting = Job.objects.filter(kind=KIND, subject=subject, owner=owner,
                                 state__in=[Job.State.QUEUED, Job.State.RUNNING]).first()
    if waiting is not None:
        return waiting
    return enqueue(KIND, RUN, *spec, owner=owner, subject=subject, program=program)


def run_export(job: Job, produce: str, check: str, filename: str, content_type: str,
               *args: Any) -> str:
    """The task: produce the file's bytes and keep them under the job's name."""
    produce_file = cast(Callable[..., bytes], import_string(produce))
    body = produce_file(job, *args)
    report_progress(job, 0.97, "keeping the file")
    name = file_name(job)
    folder = exports_dir()
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{name}.")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(body)
        os.replace(temporary, folder / name)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    Job.objects.filter(pk=job.pk).update(file=name)
    job.file = name
    return f"{filename} is ready ({_size(len(body))})"


def file_name(job: Job) -> str:
    return f"job-{job.pk}.export"


def _size(count: int) -> str:
    if count < 1024:
        return f"{count} bytes"
    if count < 1024 * 1024:
        return f"{count / 1024:.0f} KB"
    return f"{count / 1024 / 1024:.1f} MB"


@dataclass(frozen=True)
class ExportFile:
    job: Job
    filename: str
    content_type: str
    expires_at: datetime | None  # None until the job is done

    @property
    def path(self) -> Path:
        return exports_dir() / self.job.file

    @property
    def available(self) -> bool:
        return (self.job.state == Job.State.DONE and bool(self.job.file)
                and self.expires_at is not None and self.expires_at > timezone.now()
                and self.path.is_file())


def access_export(user: User, job_id: int) -> ExportFile:
    """An export job of this user whose file they may still have; anyone else gets a 404."""
    job = Job.objects.filter(pk=job_id, kind=KIND, owner_id=user.pk).first()
    if job is None or not user.is_authenticated:
        raise Http404("No such export")
    _produce, check, filename, content_type, *args = job.args
    try:
        import_string(check)(user, *args)
    except PermissionDenied:
        raise Http404("No such export") from None
    expires = job.finished_at + keep_for() if job.finished_at else None
    return ExportFile(job, str(filename), str(content_type), expires)
