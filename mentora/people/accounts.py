"""Accounts that end: a deactivated account is signed out everywhere at once."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db import transaction

from mentora.audit.record import Action, record
from mentora.people.sessions import end_sessions


@transaction.atomic
def do_deactivate_account(user: User) -> int:
    """The account can no longer sign in, and every session it holds ends now (so that turning
    it on again later does not bring an old session back). Returns the sessions ended."""
    User.objects.filter(pk=user.pk).update(is_active=False)
    user.is_active = False
    record(Action.UPDATE, user, fields=["is_active"], note="account deactivated")
    return end_sessions([user.pk])
