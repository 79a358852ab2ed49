"""API tokens: made and revoked by their owner only (do_create_api_token, do_revoke_api_token),
and read back for each request that presents one (token_for: the token, and its user).

A token is 256 random bits (the invitations' link tokens); only its SHA-256 hash is kept, so a
copy of the database opens nothing. A token opens nothing once revoked, from its `expires_on`
on, or once its account is deactivated; what it opens is what its user's pages show them,
today (an ended program role ends what a token reaches, as it ends a session), in the parts of
the API its owner chose for it (its scopes: mentora.api.scopes).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from mentora.api.models import ApiToken
from mentora.api.scopes import ALL_SCOPES, scopes_text
from mentora.audit.record import Action, record
from mentora.people.invitations import link_token_hash, new_link_token

NAME_LENGTH = ApiToken._meta.get_field("name").max_length or 100
PREFIX_LENGTH = 8
# Last use is written at most this often per token, so a busy script is not a write per call.
TOUCH_EVERY = timedelta(minutes=1)


class TokenError(ValueError):
    """A token that cannot be made as asked; the message says why."""


def tokens_of(user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user)


def access_api_token(user: User, token_id: int) -> ApiToken:
    """One of the user's own tokens; anyone else's is a 404."""
    try:
        return tokens_of(user).get(pk=token_id)
    except ApiToken.DoesNotExist:
        raise Http404("No such token") from None


@transaction.atomic
def do_create_api_token(
    user: User, name: str, expires_on: date | None, now: datetime,
    scopes: Sequence[str] = ALL_SCOPES,
) -> tuple[ApiToken, str]:
    """A new token for the user and the token itself, to be shown this once; it reads the
    parts of the API in `scopes` only."""
    name = name.strip()
    if not name:
        raise TokenError("Name the token, e.g. after the script that will use it.")
    unknown = sorted(set(scopes) - set(ALL_SCOPES))
    if unknown:
        raise TokenError(f"No such part of the API: {', '.join(unknown)}.")
    if not scopes:
        raise TokenError("Choose what the token may read: at least one part of the API.")
    if len(name) > NAME_LENGTH:
        raise TokenError(f"The name is {len(name)} characters long; at most {NAME_LENGTH}.")
    if expires_on is not None and expires_on <= timezone.localdate(now):
        raise TokenError("The end date must be after today.")
    raw, digest = new_link_token()
    token = ApiToken.objects.create(
        user=user, name=name, prefix=raw[:PREFIX_LENGTH], token_hash=digest,
        created_at=now, expires_on=expires_on, scopes=[s for s in ALL_SCOPES if s in scopes],
    )
    record(Action.CREATE, token, by=user, label=token.name,
           note=f"API token reading {scopes_text(token.scopes)}")
    return token, raw


@transaction.atomic
def do_revoke_api_token(user: User, token_id: int, now: datetime) -> ApiToken:
    """The user's token opens nothing from now on (revoking it twice keeps the first time)."""
    token = access_api_token(user, token_id)
    if token.revoked_at is None:
        token.revoked_at = now
        token.save(update_fields=["revoked_at"])
        record(Action.UPDATE, token, by=user, label=token.name, fields=["revoked_at"],
               note="API token revoked")
    return token


def usable(now: datetime) -> Q:
    """Tokens that open something at `now`: not revoked, not expired, of an active account."""
    today = timezone.localdate(now)
    return (
        Q(revoked_at__isnull=True, user__is_active=True)
        & (Q(expires_on__isnull=True) | Q(expires_on__gt=today))
    )


def token_for(raw: str, now: datetime) -> ApiToken | None:
    """The presented token, its user loaded, or None for a token that opens nothing."""
    if not raw or len(raw) > 200:
        return None
    token = (
        ApiToken.objects.filter(usable(now), token_hash=link_token_hash(raw))
        .select_related("user")
        .first()
    )
    if token is None:
        return None
    if token.last_used_at is None or now - token.last_used_at >= TOUCH_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token
