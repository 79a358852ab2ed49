"""`mentora worker`: run a job queue worker beside the server (a django-q2 cluster).

Run one or more on any machine that reaches the database (or Redis, with REDIS_URL): each
takes waiting tasks, and one of them at a time runs the schedules.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from mentora.jobs.queue import sweep_stalled_jobs


class Command(BaseCommand):
    help = "Run a job queue worker: match solves and other long work, and the schedules."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--run-once", action="store_true",
                            help="start, take what is waiting, and stop (for checks)")

    def handle(self, *args: Any, **options: Any) -> None:
        conf = settings.Q_CLUSTER
        source = "Redis" if conf.get("redis") else f"the {conf.get('orm')!r} database"
        self.stdout.write(
            f"Mentora worker: {conf.get('workers')} processes taking tasks from {source}; "
            f"a task may run {conf.get('timeout')} s, is delivered again {conf.get('retry')} s "
            f"after its worker stopped, at most {conf.get('max_attempts')} times. "
            "Ctrl-C stops."
        )
        if conf.get("sync"):
            self.stderr.write(
                "JOBS_SYNC is on (the default with DEBUG): the site runs its tasks in its own "
                "process, so this worker only runs the schedules. Set JOBS_SYNC=false for the "
                "site and the worker to hand tasks to workers."
            )
        # Jobs that died with a previous worker and that no broker will deliver again (Redis
        # forgets a task once handed out) are sent again now, or failed if their attempts are
        # spent; the "Stalled jobs" schedule does the same every few minutes.
        self.stdout.write(f"Stalled jobs: {sweep_stalled_jobs()}.")
        call_command("qcluster", run_once=options["run_once"])
