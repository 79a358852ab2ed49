"""Program roles that end: a coordinator role (ProgramCoordinator), an enrolment (a mentor's
rights in a cohort) and the evaluator right (Person), each with an `expires_on`.

From its `expires_on` on a role grants nothing: the access_* functions read live roles only
(`live_on`). Ending a role now ends the account's sessions at once; a role that reaches its date
has its holders' sessions ended by the nightly schedule (`do_end_sessions_of_lapsed_roles`).
"""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib.auth.models import User
from django.db import transaction

from mentora.audit.record import Action, record
from mentora.people.accounts import do_give_profile
from mentora.people.models import Person
from mentora.people.sessions import end_sessions
from mentora.programs.models import Enrolment, Program, ProgramCoordinator

# The nightly schedule looks this many days back, so one missed run ends nobody's role late.
LOOK_BACK = timedelta(days=1)


class RoleError(ValueError):
    """A role change that does not apply; the message says why."""


@transaction.atomic
def do_give_coordinator_role(program: Program, user: User,
                             expires_on: date | None = None) -> ProgramCoordinator:
    """The role, and a profile for an account without one, so notifications reach it."""
    role, created = ProgramCoordinator.objects.update_or_create(
        program=program, user=user, defaults={"expires_on": expires_on}
    )
    record(Action.CREATE if created else Action.UPDATE, role, fields=["expires_on"])
    do_give_profile(user)
    return role


@transaction.atomic
def do_end_coordinator_role(program: Program, user: User, on: date, today: date) -> None:
    """The coordinator role ends on `on` (grants nothing from that day); ending it today or
    earlier ends the account's sessions now."""
    ended = ProgramCoordinator.objects.filter(program=program, user=user).update(expires_on=on)
    if not ended:
        raise RoleError(f"{user} does not coordinate {program}.")
    record(Action.UPDATE, user, program=program, fields=["expires_on"],
           note=f"coordinator role ends on {on}")
    if on <= today:
        end_sessions([user.pk])


def users_whose_roles_lapsed(today: date) -> set[int]:
    """Accounts with a role whose end date is today or within LOOK_BACK before it."""
    window = {"expires_on__gt": today - LOOK_BACK, "expires_on__lte": today}
    users = set(ProgramCoordinator.objects.filter(**window).values_list("user_id", flat=True))
    users |= set(
        Enrolment.objects.filter(**window, person__user__isnull=False).values_list(
            "person__user_id", flat=True
        )
    )
    users |= set(
        Person.objects.filter(
            is_evaluator=True,
            evaluator_expires_on__gt=today - LOOK_BACK,
            evaluator_expires_on__lte=today,
            user__isnull=False,
        ).values_list("user_id", flat=True)
    )
    return {u for u in users if u is not None}


@transaction.atomic
def do_end_sessions_of_lapsed_roles(today: date) -> int:
    """The nightly schedule: end the sessions of everyone whose role reached its end date."""
    return end_sessions(users_whose_roles_lapsed(today))

