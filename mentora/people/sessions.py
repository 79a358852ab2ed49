"""How long a sign-in lasts, and ending an account's sessions at once.

- Idle timeout: a session unused for SESSION_IDLE_MINUTES (30) ends. The session's expiry is its
  cookie age (SESSION_COOKIE_AGE), pushed forward by `SessionLimitsMiddleware` at most once a
  minute of activity rather than written on every request.
- Absolute cap: a session ends SESSION_MAX_HOURS (12) after its sign-in, active or not; the
  sign-in time is kept in the session.
- Every sign-in is recorded as a `UserSession` (its key), so `end_sessions` ends all of an
  account's sessions by key when the account is deactivated or a program role ends, without
  reading the session table, and with any session store.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from importlib import import_module
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.models import User
from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.contrib.sessions.backends.base import SessionBase
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from mentora.core.text import plural
from mentora.people.models import UserSession

SIGNED_IN_AT = "mentora_signed_in_at"  # POSIX seconds of the sign-in
SEEN_AT = "mentora_seen_at"  # POSIX seconds of the last request that pushed the expiry forward
# The expiry moves forward at most this often: an idle timeout of 30 minutes, exact to a minute.
TOUCH_EVERY = 60


def idle_limit() -> timedelta:
    return timedelta(seconds=settings.SESSION_COOKIE_AGE)


def absolute_limit() -> timedelta:
    return timedelta(hours=settings.SESSION_MAX_HOURS)


def _store() -> SessionBase:
    engine = import_module(settings.SESSION_ENGINE)
    store: SessionBase = engine.SessionStore()
    return store


@receiver(user_logged_in, dispatch_uid="mentora.people.sessions.signed_in")
def _signed_in(sender: Any, request: HttpRequest | None, user: User, **kwargs: Any) -> None:
    if request is None or not hasattr(request, "session"):
        return
    session = request.session
    now = timezone.now()
    session[SIGNED_IN_AT] = session[SEEN_AT] = now.timestamp()
    if session.session_key is None:
        session.save()
    key = session.session_key
    if key is not None:
        UserSession.objects.update_or_create(
            session_key=key, defaults={"user": user, "started_at": now}
        )


@receiver(user_logged_out, dispatch_uid="mentora.people.sessions.signed_out")
def _signed_out(sender: Any, request: HttpRequest | None, user: User | None, **kwargs: Any) -> None:
    key = getattr(getattr(request, "session", None), "session_key", None)
    if key is not None:
        UserSession.objects.filter(session_key=key).delete()


def end_sessions(users: Iterable[int]) -> int:
    """End every session of these accounts (user ids) now; call it inside the do_* that ends
    the account or the role, so it commits with it. Returns how many sessions were ended."""
    rows = UserSession.objects.filter(user_id__in=list(users))
    keys = list(rows.values_list("session_key", flat=True))
    store = _store()
    for key in keys:
        store.delete(key)
    rows.delete()
    return len(keys)


def forget_dead_sessions(now: datetime) -> int:
    """Drop the records of sessions that can no longer be alive: no session outlives its cap
    plus one idle period (the middleware ends it at its first request after the cap)."""
    oldest = now - absolute_limit() - idle_limit()
    deleted, _ = UserSession.objects.filter(started_at__lt=oldest).delete()
    return deleted


class SessionLimitsMiddleware:
    """Ends a session past its absolute cap or idle limit, with a message on the sign-in page,
    and pushes the idle expiry forward (at most once a minute). After AuthenticationMiddleware
    and MessageMiddleware."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if settings.SESSION_COOKIE_NAME in request.COOKIES and request.user.is_authenticated:
            self._check(request)
        return self.get_response(request)

    def _check(self, request: HttpRequest) -> None:
        session = request.session
        now = timezone.now().timestamp()
        signed_in = session.get(SIGNED_IN_AT)
        seen = session.get(SEEN_AT, signed_in)
        if not isinstance(signed_in, int | float) or not isinstance(seen, int | float):
            # A session from before these limits (or a forged one): start again.
            logout(request)
            return
        if now - signed_in > absolute_limit().total_seconds():
            logout(request)
            hours = settings.SESSION_MAX_HOURS
            messages.info(request, f"You were signed out {plural(hours, 'hour', 'hours')} "
                                   "after signing in. Sign in again to go on.")
            return
        if now - seen > idle_limit().total_seconds():
            logout(request)
            minutes = settings.SESSION_COOKIE_AGE // 60
            messages.info(request, "You were signed out after "
                                   f"{plural(minutes, 'minute', 'minutes')} without activity. "
                                   "Sign in again to go on.")
            return
        if now - seen >= TOUCH_EVERY:
            session[SEEN_AT] = now  # saved at the end of the request, expiry pushed forward
