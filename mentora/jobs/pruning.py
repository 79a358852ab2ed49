"""Nothing the queue writes grows for ever (a schedule runs `prune_jobs` every hour).

- An export's file is deleted `EXPORTS_KEEP_HOURS` after its job finished (the job row stays,
  its page then says to ask again); a file in EXPORTS_DIR that no job names any more (its row
  was deleted) goes too once that old.
- A finished Job row (done or failed) is deleted `JOBS_KEEP_DAYS` after it finished (30 by
  default), with its file. A row that points at it (a stored report, a survey import) keeps
  its own outcome and loses only the link (SET_NULL).
- django-q2's task rows: its cluster keeps at most `Q_CLUSTER["save_limit"]` successful ones by
  itself (and none of them with a negative limit); failed ones it keeps without limit. Both are
  deleted here once older than JOBS_KEEP_DAYS, and the successful ones beyond the limit too
  (tasks run in process (sync) are saved without the cluster's trimming).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from mentora.jobs.exports import exports_dir, keep_for
from mentora.jobs.models import Job
from mentora.jobs.queue import EXPORT_KIND, queue_setting

FINISHED = [Job.State.DONE, Job.State.FAILED]


def keep_jobs_for() -> timedelta:
    return timedelta(days=int(getattr(settings, "JOBS_KEEP_DAYS", 30)))


def prune_jobs(now: datetime | None = None) -> str:
    """Delete expired export files, old finished jobs and old django-q2 task rows."""
    now = now or timezone.now()
    files = _expire_files(now)
    old = Job.objects.filter(state__in=FINISHED, finished_at__lt=now - keep_jobs_for())
    files += _delete_files(old.exclude(file="").values_list("file", flat=True))
    jobs, _ = old.delete()
    files += _forget_orphans(now)
    tasks = _prune_tasks(now)
    return f"deleted {jobs} old jobs, {files} export files and {tasks} task records"


def _expire_files(now: datetime) -> int:
    expired = Job.objects.filter(kind=EXPORT_KIND, finished_at__lt=now - keep_for()).exclude(
        file="")
    names = list(expired.values_list("pk", "file"))
    deleted = _delete_files(name for _, name in names)
    Job.objects.filter(pk__in=[pk for pk, _ in names]).update(file="")
    return deleted


def _delete_files(names: Iterable[str]) -> int:
    folder, deleted = exports_dir(), 0
    for name in names:
        path = folder / str(name)
        if path.parent == folder and path.is_file():
            path.unlink(missing_ok=True)
            deleted += 1
    return deleted


def _forget_orphans(now: datetime) -> int:
    """Files no job names, older than the keeping time (a deleted job's, a crashed write's)."""
    folder = exports_dir()
    if not folder.is_dir():
        return 0
    named = set(Job.objects.exclude(file="").values_list("file", flat=True))
    cutoff = now.timestamp() - keep_for().total_seconds()
    deleted = 0
    for path in folder.iterdir():
        if path.is_file() and path.name not in named and path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)
            deleted += 1
    return deleted


def _prune_tasks(now: datetime) -> int:
    from django_q.models import Success, Task

    deleted, _ = Task.objects.filter(stopped__lt=now - keep_jobs_for()).delete()
    limit = int(queue_setting("save_limit", 0) or 0)
    if limit > 0:
        newest = Success.objects.order_by("-stopped").values_list("pk", flat=True)[:limit]
        beyond, _ = Success.objects.exclude(pk__in=list(newest)).delete()
        deleted += beyond
    return int(deleted)
