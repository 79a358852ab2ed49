"""Settings come from the environment and fail loudly on a bad value."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from mentora.env import ConfigurationError, env_bool


def _run_settings(**env: str) -> subprocess.CompletedProcess[str]:
    full_env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    full_env.update(env)
    return subprocess.run(
        [sys.executable, "-c", "import mentora.settings"],
        env=full_env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_refuses_to_start_without_a_secret_key() -> None:
    result = _run_settings(DEBUG="false", ALLOWED_HOSTS="mentora.example.edu")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_starts_with_a_secret_key() -> None:
    assert _run_settings(DEBUG="false", SECRET_KEY="x" * 50).returncode == 0


@pytest.mark.parametrize(("raw", "value"), [("true", True), ("0", False), ("", True)])
def test_booleans_are_read_from_the_environment(monkeypatch, raw: str, value: bool) -> None:
    monkeypatch.setenv("SOME_FLAG", raw)
    assert env_bool("SOME_FLAG", True) is value


def test_a_bad_boolean_names_the_variable(monkeypatch) -> None:
    monkeypatch.setenv("SOME_FLAG", "perhaps")
    with pytest.raises(ConfigurationError, match="SOME_FLAG='perhaps'"):
        env_bool("SOME_FLAG", True)
