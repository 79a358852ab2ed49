"""System checks of Mentora's own settings (`mentora check --deploy`)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import CheckMessage, Tags, Warning, register

DEFAULT_SITE_URL = "http://127.0.0.1:8000"


@register(Tags.security, deploy=True)
def site_url_check(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """Links in mails (invitations, survey links, published matches) start with SITE_URL: a
    site that others reach must say where. A site only this machine answers (the demo) may
    keep the default, which `mentora serve` then sets to the address it serves on."""
    site_url = settings.SITE_URL
    parts = urlsplit(site_url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        return [
            Warning(
                f"SITE_URL={site_url!r} is not an address: links in mails would not open.",
                hint="Set SITE_URL to the address people open, e.g. https://mentora.example.edu",
                id="mentora.W002",
            )
        ]
    if site_url.rstrip("/") == DEFAULT_SITE_URL and not settings.LOCAL_ONLY:
        return [
            Warning(
                f"SITE_URL is left at its default {DEFAULT_SITE_URL}, so links in invitation "
                f"and survey mails point at the reader's own machine.",
                hint="Set SITE_URL to the address people open, e.g. https://mentora.example.edu",
                id="mentora.W001",
            )
        ]
    return []
