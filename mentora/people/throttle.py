"""Sign-in throttling (django-axes, configured in settings): the address a sign-in comes from,
and the page a throttled sign-in gets (the sign-in page, with a message that says when to try
again; status 429)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def client_address(request: HttpRequest) -> str | None:
    """REMOTE_ADDR, or the header the reverse proxy sets when CLIENT_IP_HEADER names it (its
    last address: the one the proxy itself saw)."""
    header = settings.CLIENT_IP_HEADER
    if header:
        forwarded = request.headers.get(header, "")
        last = forwarded.split(",")[-1].strip()
        if last:
            return last
    address = request.META.get("REMOTE_ADDR")
    return address if isinstance(address, str) else None


def pause_minutes() -> int:
    return max(1, int(settings.AXES_COOLOFF_TIME.total_seconds() // 60))


def refused(request: HttpRequest, original_response: HttpResponse | None = None,
            credentials: dict[str, Any] | None = None) -> HttpResponse:
    """The sign-in page again, saying why and for how long; nothing about whether the account
    exists or the password was right."""
    username = str((credentials or {}).get("username") or request.POST.get("username", ""))
    form = AuthenticationForm(request, initial={"username": username})
    message = (
        f"Too many failed sign-ins for this account from your address. Sign-in is paused for "
        f"{pause_minutes()} minutes after the last attempt; then try again, or ask your "
        f"coordinator to reset your password."
    )
    context = {"form": form, "throttled": message, "next": request.POST.get("next", "")}
    return render(request, "core/login.html", context, status=429)
