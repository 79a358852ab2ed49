"""Accounts: one that holds a role gets a profile, so what Mentora tells people reaches it; a
deactivated one is signed out everywhere at once."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db import transaction

from mentora.audit.record import Action, record
from mentora.people.ladder import Stage
from mentora.people.models import Person
from mentora.people.roles import person_of
from mentora.people.sessions import end_sessions

# An account's first and last names hold 150 characters each; a profile's name holds 200.
NAME_LENGTH = Person._meta.get_field("full_name").max_length or 200


@transaction.atomic
def do_give_profile(user: User, synthetic: bool = False) -> Person | None:
    """The account's profile, made for an account given a role without one (a coordinator), so
    that notifications, the weekly digest and the pairs flagged behind their cadence reach it.
    Its career stage is Administrator, outside the ladder, until a participants spreadsheet
    names one. None for an account without an email, or whose email another profile holds:
    that one is its owner's, linked when they accept their invitation, never taken over here."""
    person = person_of(user)
    email = user.email.strip().lower()
    if person is not None or not email or Person.objects.filter(email__iexact=email).exists():
        return person
    person = Person.objects.create(
        user=user,
        full_name=(user.get_full_name().strip() or email)[:NAME_LENGTH],
        email=email,
        career_stage=Stage.ADMINISTRATOR,
        is_synthetic=synthetic,
    )
    record(Action.CREATE, person, fields=["user", "full_name", "email", "career_stage"],
           note="profile for an account given a role")
    return person


@transaction.atomic
def do_deactivate_account(user: User) -> int:
    """The account can no longer sign in, and every session it holds ends now (so that turning
    it on again later does not bring an old session back). Returns the sessions ended."""
    User.objects.filter(pk=user.pk).update(is_active=False)
    user.is_active = False
    record(Action.UPDATE, user, fields=["is_active"], note="account deactivated")
    return end_sessions([user.pk])
