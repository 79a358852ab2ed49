"""Real workers: `manage.py worker` processes on a throwaway database of their own (PostgreSQL
when the suite runs there, else an SQLite file), killed with SIGKILL mid-task.

What a coordinator would see: a job whose worker was killed does not stay "running"; it is
delivered again after its retry time and finishes, or it is failed with a reason once its
attempts are spent; and a second worker takes the tasks that were waiting.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
PG = "postgres://postgres@127.0.0.1:5432"
# Each test must end within this many seconds, however busy the machine: every wait below
# uses what is left of it.
BUDGET = 60.0
# Small limits so the whole dance fits in well under a minute.
REDIS_KEY = "django_q:mentora:q"  # the cluster's list of waiting tasks in Redis
LIMITS = {"JOBS_TIMEOUT": "5", "JOBS_RETRY": "7", "JOBS_MAX_ATTEMPTS": "2"}


class Scratch:
    """A migrated database and the environment that points the processes at it."""

    def __init__(self, url: str, read: Any) -> None:
        self.url = url
        self.read = read  # (sql, params) -> list of row dicts
        self.env = {
            **os.environ,
            "DATABASE_URL": url,
            "JOBS_SYNC": "false",
            "SECRET_KEY": "worker-test-" + uuid.uuid4().hex,
            "PYTHONPATH": str(ROOT),
            **LIMITS,
        }
        self.workers: list[subprocess.Popen[bytes]] = []
        self.extra: dict[str, str] = {}  # e.g. REDIS_URL, for one test
        self.ends = time.monotonic() + BUDGET  # set again at each test's start

    def left(self, at_most: float) -> float:
        left = self.ends - time.monotonic()
        if left <= 0:
            raise AssertionError(f"the test ran out of its {BUDGET:.0f} seconds")
        return min(at_most, left)

    def environment(self, **more: str) -> dict[str, str]:
        return {**self.env, **self.extra, **more}

    def manage(self, *args: str, timeout: float = 30) -> str:
        done = subprocess.run(
            [sys.executable, "manage.py", *args], cwd=ROOT, env=self.environment(),
            capture_output=True, text=True, timeout=self.left(timeout),
        )
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout

    def enqueue(self, *calls: tuple[str, float]) -> list[int]:
        code = (
            "import json; from mentora.jobs.queue import enqueue; "
            f"print(json.dumps([enqueue('test.' + f, 'tests.jobs.work.' + f, a).pk "
            f"for f, a in {list(calls)!r}]))"
        )
        return [int(pk) for pk in json.loads(self.manage("shell", "-c", code).splitlines()[-1])]

    def start_worker(self, log: Path, workers: int = 1) -> subprocess.Popen[bytes]:
        with log.open("ab") as out:
            process = subprocess.Popen(
                [sys.executable, "manage.py", "worker"], cwd=ROOT,
                env=self.environment(JOBS_WORKERS=str(workers)),
                stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
            )
        self.workers.append(process)
        return process

    def kill(self, process: subprocess.Popen[bytes]) -> None:
        """SIGKILL the worker's whole process group: the cluster, its pusher and workers."""
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)

    def jobs(self, ids: list[int]) -> dict[int, dict[str, Any]]:
        marks = ", ".join(["%s"] * len(ids))
        rows = self.read(
            "SELECT id, state, progress, message, attempts, error, worker FROM jobs_job "
            f"WHERE id IN ({marks})", ids)
        return {row["id"]: row for row in rows}

    def wait_for(self, ids: list[int], until: Any, seconds: float, log: Path) -> dict[int, Any]:
        deadline = time.monotonic() + self.left(seconds)
        while time.monotonic() < deadline:
            rows = self.jobs(ids)
            if until(rows):
                return rows
            time.sleep(0.2)
        raise AssertionError(f"timed out; jobs now {self.jobs(ids)}\n{log.read_text()[-3000:]}")


def _postgres(name: str) -> Iterator[Scratch]:
    import psycopg
    from psycopg.rows import dict_row

    try:
        admin = psycopg.connect(f"{PG}/postgres", autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as problem:
        if os.environ.get("MENTORA_REQUIRE_POSTGRES"):
            pytest.fail(f"PostgreSQL is required but unreachable: {problem}")
        pytest.skip(f"PostgreSQL is not reachable on 127.0.0.1:5432 ({problem})")
    admin.execute(f'CREATE DATABASE "{name}"')

    def read(sql: str, params: list[Any]) -> list[dict[str, Any]]:
        with psycopg.connect(f"{PG}/{name}", row_factory=dict_row) as conn:
            return conn.execute(sql, params).fetchall()  # type: ignore[arg-type]

    try:
        yield Scratch(f"{PG}/{name}", read)
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def _sqlite(path: Path) -> Iterator[Scratch]:
    def read(sql: str, params: list[Any]) -> list[dict[str, Any]]:
        with sqlite3.connect(path, timeout=10) as conn:
            conn.row_factory = sqlite3.Row
            return [dict(row) for row in conn.execute(sql.replace("%s", "?"), params)]

    yield Scratch(f"sqlite:///{path}?transaction_mode=IMMEDIATE&timeout=20", read)


@pytest.fixture(autouse=True)
def _budget(scratch: Scratch) -> None:
    scratch.ends = time.monotonic() + BUDGET


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Scratch]:
    """The suite's kind of database, made and migrated once for this module's tests."""
    on_postgres = "postgresql" in settings.DATABASES["default"]["ENGINE"]
    make = (_postgres(f"mentora_jobs_{uuid.uuid4().hex[:12]}") if on_postgres
            else _sqlite(tmp_path_factory.mktemp("jobs") / "jobs.sqlite3"))
    database = next(make)
    database.ends = time.monotonic() + 120
    try:
        # Only the queue's tables (three times faster than every app's); the scratch database
        # has no surveys or people, so their schedules go.
        database.manage("shell", "-c", (
            "from django.core.management import call_command as run; "
            "run('migrate', 'django_q', verbosity=0); run('migrate', 'jobs', verbosity=0); "
            "from django_q.models import Schedule; "
            "Schedule.objects.filter(name__in=['Survey reminders', "
            "'Sessions of ended roles']).delete()"
        ), timeout=120)
        database.ends = time.monotonic() + BUDGET
        yield database
    finally:
        for worker in database.workers:
            database.kill(worker)
        make.close()


def test_a_killed_workers_task_is_delivered_again_and_a_second_worker_takes_the_waiting_ones(
    scratch: Scratch, tmp_path: Path
) -> None:
    log = tmp_path / "workers.log"
    slow, first, second = scratch.enqueue(("slow", 2.0), ("slow", 1.0), ("slow", 1.0))
    ids = [slow, first, second]
    assert {r["state"] for r in scratch.jobs(ids).values()} == {"queued"}

    one = scratch.start_worker(log)
    midway = scratch.wait_for(
        [slow], lambda rows: rows[slow]["state"] == "running" and rows[slow]["progress"] > 0,
        25, log)
    scratch.kill(one)
    killed_on = midway[slow]["worker"]
    time.sleep(0.5)
    after_kill = scratch.jobs(ids)
    assert after_kill[slow]["state"] == "running"  # as the worker left it: nobody finishes it
    assert after_kill[first]["state"] == after_kill[second]["state"] == "queued"

    scratch.start_worker(log, workers=2)
    done = scratch.wait_for(ids, lambda rows: all(r["state"] in ("done", "failed")
                                                  for r in rows.values()), 30, log)
    assert [done[i]["state"] for i in ids] == ["done", "done", "done"], done
    assert done[slow]["attempts"] == 2 and done[slow]["message"] == "slept 2.0 s"
    assert done[slow]["worker"] != killed_on  # the second worker finished it
    assert done[first]["attempts"] == done[second]["attempts"] == 1


def test_a_task_that_keeps_killing_its_worker_is_failed_and_an_overlong_one_times_out(
    scratch: Scratch, tmp_path: Path
) -> None:
    log = tmp_path / "workers.log"
    dies, overlong, fine = scratch.enqueue(("die", 0), ("slow", 12.0), ("slow", 0.5))
    ids = [dies, overlong, fine]
    worker = scratch.start_worker(log, workers=2)
    done = scratch.wait_for(ids, lambda rows: all(r["state"] in ("done", "failed")
                                                  for r in rows.values()), 45, log)
    assert done[dies]["state"] == "failed" and done[dies]["attempts"] == 2, done
    assert "stopped before finishing, 2 times" in done[dies]["error"]
    assert done[overlong]["state"] == "failed"
    assert "longer than the 5 seconds" in done[overlong]["error"]
    assert done[fine]["state"] == "done"
    assert worker.poll() is None  # the cluster outlived its dead worker processes


def test_with_redis_the_sweep_sends_again_the_task_a_killed_worker_took_with_it(
    scratch: Scratch, tmp_path: Path
) -> None:
    """Redis hands a task out once: the sweep notices the dead job and sends it again."""
    import redis

    url = "redis://127.0.0.1:6379/13"  # a database of its own on the machine's Redis
    queue = redis.Redis.from_url(url)
    try:
        queue.ping()
    except redis.exceptions.ConnectionError as problem:
        pytest.skip(f"Redis is not running on 127.0.0.1:6379 ({problem})")
    queue.delete(REDIS_KEY)
    scratch.extra = {"REDIS_URL": url}
    try:
        log = tmp_path / "workers.log"
        [slow] = scratch.enqueue(("slow", 2.0))
        assert queue.llen(REDIS_KEY) == 1
        one = scratch.start_worker(log)
        scratch.wait_for([slow], lambda rows: rows[slow]["progress"] > 0, 25, log)
        killed_at = time.monotonic()
        scratch.kill(one)
        assert scratch.jobs([slow])[slow]["state"] == "running"
        assert queue.llen(REDIS_KEY) == 0  # the task went with the worker
        # A worker starting after the retry time sweeps first, as the schedule does.
        time.sleep(max(0.0, int(LIMITS["JOBS_RETRY"]) + 0.5 - (time.monotonic() - killed_at)))
        scratch.start_worker(log)
        done = scratch.wait_for([slow], lambda rows: rows[slow]["state"] != "running", 25, log)
        assert (done[slow]["state"], done[slow]["attempts"]) == ("done", 2), done
        assert "Stalled jobs: 0 failed, 1 sent again." in log.read_text()
    finally:
        scratch.extra = {}
        for worker in scratch.workers:
            scratch.kill(worker)
