from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def navigation(request: HttpRequest) -> dict[str, Any]:
    """What the base template needs on every page: the roles of the person signed in (and,
    as the person is read here anyway, the time zone their next pages use)."""
    from mentora.people.roles import person_of, roles_of
    from mentora.people.zones import remember_zone

    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"roles": frozenset()}
    roles = roles_of(user)
    remember_zone(request, person_of(user))
    return {"roles": roles}
