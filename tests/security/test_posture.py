"""Deployment posture (issue 11, finding 7): production is the default, and what remained.

The sentences of the finding that landed with the production issue keep their tests in
tests/core/test_production_settings.py (DEBUG off by default, a local key generated into ./var,
HTTPS settings for a real host) and tests/core/test_serve.py (CSS served by WhiteNoise with
DEBUG off). These are the rest: the debug page and error mails never show an upload; a
Content-Security-Policy on every response and nothing inline for it to block; the proxy's HTTPS
header trusted only when configured; HSTS preload only when asked; one HTTPS_ONLY switch; a key
generated only for a local address; `check --deploy` clean with `mentora serve`'s defaults.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.converters import IntConverter, UUIDConverter
from django.urls.resolvers import RegexPattern

from mentora.env import ConfigurationError
from tests.conftest import World

ROOT = Path(__file__).resolve().parents[2]
SHOWN = [
    "DEBUG",
    "SECRET_KEY",
    "HTTPS_ONLY",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_PROXY_SSL_HEADER",
    "SILENCED_SYSTEM_CHECKS",
]
REAL_HOST = {"ALLOWED_HOSTS": "mentora.example.edu", "SECRET_KEY": "k" * 50}


def _clean_env(tmp_path: Path, **env: str) -> dict[str, str]:
    """This process's environment without any posture variable, plus `env`."""
    posture = {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "HTTPS_ONLY", "PROXY_SSL_HEADER", "SITE_URL"}
    clean = {
        key: value
        for key, value in os.environ.items()
        if key not in posture and not key.startswith(("SECURE_", "DJANGO_", "PYTEST_"))
    }
    clean.update(MENTORA_VAR_DIR=str(tmp_path / "var"), **env)
    return clean


def _settings(tmp_path: Path, **env: str) -> dict[str, Any]:
    """The settings as a fresh process with this environment reads them."""
    script = (
        "import json, mentora.settings as s; "
        f"print(json.dumps({{name: getattr(s, name) for name in {SHOWN!r}}}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        env=_clean_env(tmp_path, **env),
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode:
        return {"error": result.stderr.strip().splitlines()[-1]}
    return dict(json.loads(result.stdout))


# -- "the debug page shows uploaded files" -------------------------------------------------------

CANARY_ROW = "Canary Student,canary.student@example.edu,MS3,mentee"
CANARY_FILE = f"name,email,career_stage,role\n{CANARY_ROW}\n".encode()


def _crashing_import(monkeypatch: pytest.MonkeyPatch) -> None:
    """The enrolment import fails after reading the file, as a bug in it would."""

    def crash(cohort: Any, data: bytes, name: str, now: Any) -> None:
        rows = data.decode().splitlines()
        raise ValueError(f"cannot read {rows[1]!r} of {name}")

    monkeypatch.setattr("mentora.programs.views.do_enrol_participants", crash)


def _upload(world: World, **headers: str) -> Any:
    client = Client(raise_request_exception=False)
    client.force_login(world.alice)
    upload = SimpleUploadedFile("canary-roster.csv", CANARY_FILE, content_type="text/csv")
    return client.post(
        reverse("cohort_upload", args=[world.cohort.pk]),
        {"participants": upload, "note": "canary note"},
        **headers,
    )


@pytest.mark.django_db
@pytest.mark.parametrize("accept", ["text/html", "text/plain"])
def test_the_debug_page_never_shows_an_uploaded_file(
    world: World, settings: Any, monkeypatch: pytest.MonkeyPatch, accept: str
) -> None:
    settings.DEBUG = True
    _crashing_import(monkeypatch)
    response = _upload(world, HTTP_ACCEPT=accept)
    page = response.content.decode()
    assert response.status_code == 500
    assert "ValueError" in page and "do_enrol_participants(" in page  # still a debug page
    assert "canary" not in page.lower()


@pytest.mark.django_db
def test_an_error_mailed_to_the_admins_never_shows_an_uploaded_file(
    world: World, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.ADMINS = [("Admin", "admin@example.edu")]
    _crashing_import(monkeypatch)
    assert _upload(world).status_code == 500
    [report] = mail.outbox
    assert "ValueError" in report.body
    assert "canary" not in (report.subject + report.body).lower()


# -- "no Content-Security-Policy" ----------------------------------------------------------------


def _sample(converter: Any, world: World) -> str:
    if isinstance(converter, IntConverter):
        return str(world.cohort.pk)
    if isinstance(converter, UUIDConverter):
        return str(uuid.uuid4())
    if converter.regex == "[^/]+" or converter.regex.startswith("[-a-zA-Z0-9_]"):
        return "x"
    return str(converter.regex.split("|")[0])  # a converter of named choices (fmt)


def _every_route(world: World) -> list[str]:
    """Every path pattern of the site, with a value for each of its parts."""
    paths: list[str] = []

    def walk(patterns: list[Any], prefix: str, converters: dict[str, Any]) -> None:
        for entry in patterns:
            if isinstance(entry.pattern, RegexPattern):  # the admin's app index and catch-all
                continue
            route = str(entry.pattern)
            known = {**converters, **getattr(entry.pattern, "converters", {})}
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, prefix + route, known)
            elif isinstance(entry, URLPattern):
                parts = re.split(r"<(?:\w+:)?(\w+)>", prefix + route)
                # Odd parts are the names of the route's converters.
                filled = [_sample(known[p], world) if i % 2 else p for i, p in enumerate(parts)]
                paths.append("/" + "".join(filled))

    walk(get_resolver().url_patterns, "", {})
    return paths


@pytest.mark.django_db
def test_every_response_has_a_content_security_policy_that_allows_nothing_inline(
    world: World,
) -> None:
    routes = _every_route(world)
    assert len(routes) > 150 and "/programs/" in routes
    client = Client(raise_request_exception=False)
    client.force_login(world.olga)
    missing, statuses = [], set()
    for route in routes:
        response = client.get(route)
        statuses.add(response.status_code)
        policy = response.get("Content-Security-Policy", "")
        if "default-src 'self'" not in policy or "unsafe" in policy:
            missing.append(f"{route} ({response.status_code}): {policy!r}")
    assert not missing, "\n".join(missing)
    assert {200, 302, 404, 405} <= statuses  # pages, redirects and refusals alike
    print(f"\nCSP: {len(routes)} routes, statuses {sorted(statuses)}, 0 without the policy")
    policy = client.get("/").headers["Content-Security-Policy"]
    for directive in ("object-src 'none'", "frame-ancestors 'none'", "form-action 'self'"):
        assert directive in policy


INLINE = re.compile(
    r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>"  # a script without src
    r"|<style\b|\sstyle\s*=\s*[\"']|\son[a-z]+\s*=\s*[\"']|javascript:",
    re.IGNORECASE,
)


def test_no_template_or_markup_has_an_inline_script_style_or_handler() -> None:
    """The policy forbids inline code, so a page that had any would break in the browser."""
    checked, found = 0, []
    for path in sorted((ROOT / "mentora").rglob("*")):
        if path.suffix not in {".html", ".py"} or "migrations" in path.parts:
            continue
        checked += 1
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if INLINE.search(line):
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert checked > 100
    assert not found, "\n".join(found)
    print(f"\ninline code: {checked} templates and modules read, 0 inline scripts or styles")


# -- "the proxy's HTTPS header is trusted from any client" --------------------------------------


@pytest.mark.django_db
def test_a_client_claiming_https_is_not_believed_unless_the_proxy_header_is_configured(
    tmp_path: Path, settings: Any
) -> None:
    assert _settings(tmp_path, **REAL_HOST)["SECURE_PROXY_SSL_HEADER"] is None
    configured = _settings(tmp_path, PROXY_SSL_HEADER="X-Forwarded-Proto: https", **REAL_HOST)
    assert configured["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]

    settings.SECURE_SSL_REDIRECT = True
    claimed = Client().get("/login/", HTTP_X_FORWARDED_PROTO="https")
    assert claimed.status_code == 301 and claimed["Location"].startswith("https://")
    settings.SECURE_PROXY_SSL_HEADER = tuple(configured["SECURE_PROXY_SSL_HEADER"])
    assert Client().get("/login/", HTTP_X_FORWARDED_PROTO="https").status_code == 200


@pytest.mark.parametrize("raw", ["X-Forwarded-Proto", "X Forwarded: https", ": https"])
def test_a_bad_proxy_header_is_named(monkeypatch: pytest.MonkeyPatch, raw: str) -> None:
    from mentora.env import env_header

    monkeypatch.setenv("PROXY_SSL_HEADER", raw)
    with pytest.raises(ConfigurationError, match="PROXY_SSL_HEADER="):
        env_header("PROXY_SSL_HEADER")


# -- "HSTS preload cannot be turned off"; one explicit HTTPS setting -----------------------------


def test_one_https_only_setting_drives_redirect_cookies_and_hsts_and_preload_is_asked_for(
    tmp_path: Path,
) -> None:
    https = ["SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SECURE_SSL_REDIRECT"]
    real = _settings(tmp_path, **REAL_HOST)
    assert real["HTTPS_ONLY"] is True and all(real[name] is True for name in https)
    assert real["SECURE_HSTS_SECONDS"] == 31536000 and real["SECURE_HSTS_INCLUDE_SUBDOMAINS"]
    assert real["SECURE_HSTS_PRELOAD"] is False
    assert _settings(tmp_path, SECURE_HSTS_PRELOAD="true", **REAL_HOST)["SECURE_HSTS_PRELOAD"]

    plain = _settings(tmp_path, HTTPS_ONLY="false", **REAL_HOST)  # TLS ends elsewhere, say
    assert not any(plain[name] for name in [*https, "SECURE_HSTS_SECONDS", "SECURE_HSTS_PRELOAD"])
    # ... and `check --deploy` warns about it: only a local site's HTTPS warnings are silenced.
    assert plain["SILENCED_SYSTEM_CHECKS"] == ["security.W021"]
    local = _settings(tmp_path)
    assert local["HTTPS_ONLY"] is False and not any(local[name] for name in https)
    assert all(_settings(tmp_path, HTTPS_ONLY="true")[name] is True for name in https)


def test_a_secret_key_is_generated_only_for_a_local_address(tmp_path: Path) -> None:
    debug_on_a_real_host = _settings(tmp_path, DEBUG="true", ALLOWED_HOSTS="dev.example.edu")
    assert "SECRET_KEY must be set" in debug_on_a_real_host["error"]
    assert not (tmp_path / "var" / "secret_key").exists()
    assert _settings(tmp_path, DEBUG="true")["SECRET_KEY"] == (
        (tmp_path / "var" / "secret_key").read_text().strip()
    )


# -- "`check --deploy` clean with the defaults `mentora serve` uses" -----------------------------


def _check_deploy(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "check", "--deploy", "--fail-level", "WARNING"],
        env=_clean_env(tmp_path, **env),
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )


def test_check_deploy_is_clean_with_the_defaults_mentora_serve_uses(tmp_path: Path) -> None:
    real_host = {
        "ALLOWED_HOSTS": "mentora.example.edu",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "SITE_URL": "https://mentora.example.edu",
    }
    for env in ({}, real_host):  # as `make demo` serves it, and on a real host name
        result = _check_deploy(tmp_path, **env)
        assert result.returncode == 0, f"{env}: {result.stdout}{result.stderr}"
        assert "no issues" in result.stdout
    # a real host whose mails would link to the default http://127.0.0.1:8000
    del real_host["SITE_URL"]
    result = _check_deploy(tmp_path, **real_host)
    assert result.returncode != 0
    assert "mentora.W001" in result.stderr and "SITE_URL" in result.stderr
