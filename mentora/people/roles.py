"""Which roles a signed-in user holds: derived from what is recorded, never stored twice."""

from __future__ import annotations

from mentora.people.auth import AnyUser
from mentora.people.models import Person

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


def roles_of(user: AnyUser) -> frozenset[str]:
    roles: set[str] = set()
    if not user.is_authenticated:
        return frozenset()
    if user.is_superuser:
        roles.add(ADMIN)
    if user.coordinated_programs.exists():
        roles.add(COORDINATOR)
    person = person_of(user)
    if person is not None:
        if person.is_evaluator:
            roles.add(EVALUATOR)
        enrolled_roles = set(person.enrollments.values_list("role", flat=True))
        if enrolled_roles & {"mentor", "both"}:
            roles.add(MENTOR)
        if enrolled_roles & {"mentee", "both"}:
            roles.add(MENTEE)
    return frozenset(roles)
