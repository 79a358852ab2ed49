from __future__ import annotations

from functools import cached_property
from typing import Any

from django.http import HttpRequest


class Bell:
    """The unread count of the menu's bell: one query, only when a page shows it, none for an
    account without a profile (its person was read, and cached, for the page's roles)."""

    def __init__(self, request: HttpRequest) -> None:
        self.request = request

    @cached_property
    def unread(self) -> int:
        from mentora.engagement.notify import unread_count
        from mentora.people.roles import person_of

        person = person_of(self.request.user)
        return 0 if person is None else unread_count(person.pk)


def bell(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"bell": Bell(request)}
