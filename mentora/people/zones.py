"""Each page in its viewer's time zone (Person.timezone).

Every date and time a page shows, and every "today" it reckons with (`timezone.localdate()`),
follow the zone Django has active. The middleware activates the signed-in person's zone for
their request, so one page never shows a time in one zone beside a date in another. A person
with no zone set, an unknown zone, or no person (a site admin) keeps the site's TIME_ZONE.

The zone's name rides in the session, so that no request pays a query for it: written when
the person signs in, and refreshed by any page with the menu (which reads the person anyway)
when their profile names another zone.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from mentora.people.models import Person

ZONE_KEY = "time_zone"


def zone_named(name: str) -> ZoneInfo | None:
    """The zone of an IANA name ("Europe/London"), or None for a blank or unknown one."""
    if not name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def remember_zone(request: HttpRequest, person: Person | None) -> None:
    """Keep the person's zone in their session (written only when it changed)."""
    session = getattr(request, "session", None)
    name = person.timezone if person is not None else ""
    if session is not None and session.get(ZONE_KEY, "") != name:
        session[ZONE_KEY] = name


@receiver(user_logged_in)
def _zone_on_sign_in(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if request is not None:
        remember_zone(request, Person.objects.filter(user=user).first())


class ViewerTimeZoneMiddleware:
    """After sessions: the request runs in its viewer's zone."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = getattr(request, "session", None)
        zone = zone_named(session.get(ZONE_KEY, "")) if session is not None else None
        if zone is None:
            return self.get_response(request)
        with timezone.override(zone):
            return self.get_response(request)
