"""Production settings are the default; a site answering only on loopback needs no HTTPS or key."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from mentora.env import local_secret_key

SHOWN = [
    "DEBUG",
    "SECRET_KEY",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "MIDDLEWARE",
    "STORAGES",
]


def _settings(tmp_path: Path, **env: str) -> dict[str, Any]:
    """The settings module's values as a fresh process with this environment reads them."""
    full_env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "MENTORA_VAR_DIR", "HTTPS_ONLY"}
        and not key.startswith("SECURE_")
        and not key.endswith("_COOKIE_SECURE")
    }
    full_env.update(MENTORA_VAR_DIR=str(tmp_path / "var"), **env)
    script = (
        "import json, mentora.settings as s; "
        f"print(json.dumps({{name: getattr(s, name) for name in {SHOWN!r}}}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], env=full_env, capture_output=True, text=True, check=True
    )
    return dict(json.loads(result.stdout))


def test_a_fresh_checkout_runs_production_settings_over_plain_http_on_loopback(
    tmp_path: Path,
) -> None:
    local = _settings(tmp_path)
    assert local["DEBUG"] is False
    assert local["SESSION_COOKIE_SECURE"] is local["SECURE_SSL_REDIRECT"] is False
    key_file = tmp_path / "var" / "secret_key"
    assert local["SECRET_KEY"] == key_file.read_text().strip()
    assert len(local["SECRET_KEY"]) >= 50
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert _settings(tmp_path)["SECRET_KEY"] == local["SECRET_KEY"]


def test_a_site_with_a_real_host_name_is_https_only(tmp_path: Path) -> None:
    real = _settings(tmp_path, ALLOWED_HOSTS="mentora.example.edu", SECRET_KEY="k" * 50)
    assert real["DEBUG"] is False
    assert real["SECRET_KEY"] == "k" * 50
    assert real["SESSION_COOKIE_SECURE"] is real["CSRF_COOKIE_SECURE"] is True
    assert real["SECURE_SSL_REDIRECT"] is True
    assert real["SECURE_HSTS_SECONDS"] == 31536000
    assert not (tmp_path / "var" / "secret_key").exists()


def test_debug_is_asked_for(tmp_path: Path) -> None:
    debug = _settings(
        tmp_path, DEBUG="true", ALLOWED_HOSTS="dev.example.edu", SECRET_KEY="d" * 50,
        HTTPS_ONLY="false",
    )
    assert debug["DEBUG"] is True
    assert debug["SECURE_SSL_REDIRECT"] is False


def test_whitenoise_serves_hashed_compressed_files_right_after_security(tmp_path: Path) -> None:
    local = _settings(tmp_path)
    assert local["MIDDLEWARE"][:2] == [
        "django.middleware.security.SecurityMiddleware",
        "whitenoise.middleware.WhiteNoiseMiddleware",
    ]
    assert local["STORAGES"]["staticfiles"]["BACKEND"] == (
        "whitenoise.storage.CompressedManifestStaticFilesStorage"
    )


def test_processes_starting_together_agree_on_one_local_key(tmp_path: Path) -> None:
    path = tmp_path / "var" / "secret_key"
    with ThreadPoolExecutor(max_workers=8) as pool:
        keys = set(pool.map(lambda _: local_secret_key(path), range(32)))
    assert keys == {path.read_text().strip()}
    assert [p.name for p in path.parent.iterdir()] == ["secret_key"]
