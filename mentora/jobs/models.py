"""A job: one piece of long work handed to the queue, as the pages show it.

django-q2 owns the delivery (its broker, retries, results); a Job owns what a person reads:
what the work is about, whether it waits, runs, finished or failed, how far it got, and why
it failed. The work itself and its arguments live here too, so a delivery carries only the
job's id and every redelivery reads the same inputs.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models


class Job(models.Model):
    class State(models.TextChoices):
        QUEUED = "queued", "Waiting for a worker"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    kind = models.CharField(max_length=40, help_text="What the work is, e.g. match.solve.")
    subject = models.CharField(
        max_length=64, blank=True, help_text="What it works on, e.g. the match run's id."
    )
    func = models.CharField(max_length=200, help_text="Dotted path of the work function.")
    args = models.JSONField(default=list, blank=True)
    on_failure = models.CharField(
        max_length=200, blank=True, help_text="Dotted path called with (job, reason) on failure."
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    program = models.ForeignKey(
        "programs.Program", null=True, blank=True, on_delete=models.CASCADE, related_name="+",
        help_text="The program it works for: its coordinators follow its progress too.",
    )
    file = models.CharField(
        max_length=200, blank=True,
        help_text="The file an export job wrote, by name in EXPORTS_DIR (private storage).",
    )
    state = models.CharField(max_length=8, choices=State.choices, default=State.QUEUED)
    progress = models.FloatField(default=0.0, help_text="0 to 1.")
    message = models.CharField(max_length=200, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)
    task_id = models.CharField(max_length=32, blank=True, help_text="django-q2's task id.")
    worker = models.CharField(max_length=100, blank=True, help_text="host:pid of the last attempt.")
    created_at = models.DateTimeField()
    started_at = models.DateTimeField(null=True, blank=True, help_text="Start of the last attempt.")
    updated_at = models.DateTimeField(help_text="Last sign of life.")
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["kind", "subject"], name="job_kind_subject"),
            models.Index(fields=["state", "updated_at"], name="job_state_updated"),
        ]

    def __str__(self) -> str:
        about = f" {self.subject}" if self.subject else ""
        return f"{self.kind}{about} ({self.state})"

    @property
    def finished(self) -> bool:
        return self.state in (self.State.DONE, self.State.FAILED)

    @property
    def percent(self) -> int:
        return round(100 * max(0.0, min(1.0, self.progress)))

    def as_json(self) -> dict[str, Any]:
        """What a polling page reads."""
        return {
            "id": self.pk,
            "kind": self.kind,
            "subject": self.subject,
            "state": self.state,
            "state_display": self.get_state_display(),
            "progress": round(self.progress, 4),
            "message": self.message,
            "error": self.error,
            "attempts": self.attempts,
            "finished": self.finished,
        }
