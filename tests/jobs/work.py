"""Work functions for the job tests; the worker processes of the restart tests import them too."""

from __future__ import annotations

import os
import signal
import time
from typing import Any

from mentora.jobs.models import Job
from mentora.jobs.queue import report_progress

CALLS: list[tuple[int, int]] = []  # (job id, attempt) of each call in this process
SEEN: list[tuple[float, str]] = []  # the job row as the page reads it, after each report
FAILURES: list[tuple[int, str]] = []


def count(job: Job, label: str) -> str:
    CALLS.append((job.pk, job.attempts))
    return f"counted {label}"


def steps(job: Job, n: int) -> str:
    for i in range(1, n + 1):
        report_progress(job, i / n, f"step {i} of {n}")
        row = Job.objects.get(pk=job.pk)
        SEEN.append((row.progress, row.message))
    return f"{n} steps"


def boom(job: Job, cell: str) -> None:
    report_progress(job, 0.3, "reading the file")
    raise ValueError(f"row 4, column {cell}: not a date")


def remember_failure(job: Job, reason: str) -> None:
    FAILURES.append((job.pk, reason))


def slow(job: Job, seconds: float) -> str:
    """Several progress reports over `seconds`; what the restart tests kill mid-way."""
    n = 8
    for i in range(1, n + 1):
        report_progress(job, (i - 0.5) / n, f"part {i} of {n}")
        time.sleep(seconds / n)
    return f"slept {seconds} s"


def die(job: Job, *_: Any) -> None:
    """The worker process dies mid-task, as when the machine runs out of memory."""
    report_progress(job, 0.1, "about to die")
    os.kill(os.getpid(), signal.SIGKILL)
