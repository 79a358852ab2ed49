"""Which roles a signed-in user holds: derived from what is recorded, never stored twice."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from mentora.people.auth import AnyUser
from mentora.people.models import Person
from mentora.programs.access import coordinated_by
from mentora.programs.models import live_on

COORDINATOR = "coordinator"
MENTOR = "mentor"
MENTEE = "mentee"
EVALUATOR = "evaluator"
ADMIN = "admin"


def person_of(user: AnyUser) -> Person | None:
    if not user.is_authenticated:
        return None
    try:
        return user.person
    except Person.DoesNotExist:
        return None


def is_live_evaluator(person: Person | None, today: date) -> bool:
    """The evaluator right, unless it reached its end date (evaluator_expires_on)."""
    return (
        person is not None
        and person.is_evaluator
        and (person.evaluator_expires_on is None or person.evaluator_expires_on > today)
    )


def roles_of(user: AnyUser) -> frozenset[str]:
    """The roles a user holds today; a role past its end date (`expires_on`) is not held."""
    roles: set[str] = set()
    if not user.is_authenticated:
        return frozenset()
    today = timezone.localdate()
    if user.is_superuser:
        roles.add(ADMIN)
    if coordinated_by(user).exists():
        roles.add(COORDINATOR)
    person = person_of(user)
    if person is not None:
        if is_live_evaluator(person, today):
            roles.add(EVALUATOR)
        live = person.enrolments.filter(live_on(today))
        enrolled_roles = set(live.values_list("role", flat=True))
        if enrolled_roles & {"mentor", "both"}:
            roles.add(MENTOR)
        if enrolled_roles & {"mentee", "both"}:
            roles.add(MENTEE)
    return frozenset(roles)
