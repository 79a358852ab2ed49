"""The Q_CLUSTER block as an administrator configures it through the environment."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _settings(**env: str) -> tuple[int, str]:
    """Q_CLUSTER as a fresh process reads it (outside pytest), or the error it stops with."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("JOBS_", "REDIS_URL"))}
    done = subprocess.run(
        [sys.executable, "-c",
         "import json, mentora.settings as s; print(json.dumps(s.Q_CLUSTER))"],
        cwd=ROOT, env={**clean, **env}, capture_output=True, text=True, timeout=60,
    )
    return done.returncode, done.stdout if done.returncode == 0 else done.stderr


def test_a_deployed_site_hands_tasks_to_workers_through_its_database():
    code, out = _settings(ALLOWED_HOSTS="mentora.example.edu", SECRET_KEY="x" * 50)
    conf = json.loads(out)
    assert code == 0 and conf["orm"] == "default" and "redis" not in conf
    assert conf["sync"] is False
    assert conf["retry"] > conf["timeout"] and conf["max_attempts"] >= 1
    assert conf["ack_failures"] is True and conf["catch_up"] is False


def test_redis_url_moves_the_queue_to_redis():
    _, out = _settings(REDIS_URL="redis://127.0.0.1:6379/2", JOBS_WORKERS="4")
    conf = json.loads(out)
    assert conf["redis"] == "redis://127.0.0.1:6379/2" and "orm" not in conf
    assert conf["workers"] == 4


def test_a_site_only_this_machine_reaches_runs_tasks_in_process_unless_told():
    assert json.loads(_settings()[1])["sync"] is True
    assert json.loads(_settings(JOBS_SYNC="false")[1])["sync"] is False


def test_a_retry_shorter_than_the_timeout_is_refused():
    code, err = _settings(JOBS_TIMEOUT="600", JOBS_RETRY="300")
    assert code != 0 and "JOBS_RETRY must be longer than JOBS_TIMEOUT" in err
