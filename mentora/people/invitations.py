"""Invitations: a single-use link by email that lets an enrolled person set a password."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db import transaction

from mentora.audit.record import Action, record
from mentora.core.tokens import new_nonce, signed_token, token_hash
from mentora.engagement.delivery import deliver
from mentora.engagement.models import Kind
from mentora.engagement.notify import Draft, notify
from mentora.people.models import Invitation, Person

VALID_FOR = timedelta(days=30)


class InvitationInvalid(Exception):
    """The link was used, has expired or was never issued."""


def new_link_token() -> tuple[str, str]:
    """A fresh random token (an API token's) and the hash to store in its place."""
    token = secrets.token_urlsafe(32)
    return token, token_hash(token)


def link_token_hash(token: str) -> str:
    """The stored form of a link token (mentora.core.tokens)."""
    return token_hash(token)


@transaction.atomic
def do_invite(person: Person, now: datetime, program_name: str = "") -> str:
    """Issue a fresh invitation and mail its link; returns the raw token (never stored).

    The email goes through the outbox: mailed at once, or by the reminder step once a mail
    server that is down answers again (the invitation is kept and nothing fails)."""
    nonce = new_nonce()
    token = signed_token("invitation", nonce)
    invitation = Invitation.objects.create(
        person=person, token_hash=token_hash(token), nonce=nonce, created_at=now,
        expires_at=now + VALID_FOR,
    )  # fmt: skip
    record(Action.CREATE, invitation, note=program_name)
    where = f" to {program_name}" if program_name else ""
    body = (
        f"You have been enrolled{where}. Set your password and sign in with the link below; "
        f"it works once and expires in {VALID_FOR.days} days."
    )
    draft = Draft(
        person.pk, Kind.ACCOUNT_INVITATION, f"invitation:{invitation.pk}",
        f"You are invited{where} on Mentora", body, about_id=invitation.pk, in_app=False,
    )  # fmt: skip
    notify([draft], now)
    deliver(now, kinds=[Kind.ACCOUNT_INVITATION], about=[invitation.pk])
    return token


def find_invitation(token: str, now: datetime) -> Invitation:
    try:
        invitation = Invitation.objects.select_related("person").get(token_hash=token_hash(token))
    except Invitation.DoesNotExist:
        raise InvitationInvalid("This invitation link is not valid.") from None
    if invitation.accepted_at is not None:
        raise InvitationInvalid("This invitation has already been used. Sign in instead.")
    if invitation.expires_at <= now:
        raise InvitationInvalid("This invitation has expired. Ask your coordinator for a new one.")
    return invitation


@transaction.atomic
def do_accept_invitation(token: str, password: str, now: datetime) -> User:
    """Create (or re-activate) the person's account; the link cannot be used again."""
    invitation = find_invitation(token, now)
    claimed = Invitation.objects.filter(pk=invitation.pk, accepted_at__isnull=True).update(
        accepted_at=now
    )
    if not claimed:  # another tab accepted it a moment ago
        raise InvitationInvalid("This invitation has already been used. Sign in instead.")
    person = invitation.person
    user = person.user
    if user is None:
        user_model = get_user_model()
        user = user_model.objects.create_user(username=person.email, email=person.email)
        person.user = user
        person.save(update_fields=["user"])
    user.set_password(password)
    user.is_active = True
    user.save(update_fields=["password", "is_active"])
    # Enrolments waiting on this invitation start now.
    person.enrolments.filter(status="invited").update(status="active")
    record(Action.UPDATE, person, by=user, fields=["user", "password"],
           note="invitation accepted")
    return user
