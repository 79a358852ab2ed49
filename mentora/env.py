"""Small readers of environment variables that fail loudly on a bad value."""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import tempfile
from pathlib import Path


class ConfigurationError(RuntimeError):
    """An environment variable holds a value Mentora cannot use."""


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ConfigurationError(f"{name}={raw!r} is not a boolean (use true or false)")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ConfigurationError(f"{name}={raw!r} is not a whole number") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    return [part.strip() for part in raw.split(",") if part.strip()]


def env_header(name: str) -> tuple[str, str] | None:
    """A request header and the value that marks it, from `Header-Name: value`, as Django's
    SECURE_PROXY_SSL_HEADER wants it (("HTTP_HEADER_NAME", "value")); None when unset."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return None
    header, colon, value = (part.strip() for part in raw.partition(":"))
    if not colon or not value or not re.fullmatch(r"[A-Za-z0-9-]+", header):
        raise ConfigurationError(
            f"{name}={raw!r} is not a header and its value (use e.g. X-Forwarded-Proto: https)"
        )
    return "HTTP_" + header.upper().replace("-", "_"), value


def local_secret_key(path: Path) -> str:
    """The secret key kept in `path`, made once (random, readable by its owner only) if absent.

    Processes starting together agree on one key: each writes its own candidate to a temporary
    file and links it into place, and whoever finds the file already there reads that one.
    """
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, candidate = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(descriptor, "w") as file:
            file.write(secrets.token_urlsafe(50))
        with contextlib.suppress(FileExistsError):  # another process was first: read its key
            os.link(candidate, path)
    finally:
        os.unlink(candidate)
    return path.read_text().strip()
