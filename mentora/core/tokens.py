"""Single-use link tokens (survey links, account invitations, intake confirmations): the HMAC
of a random nonce under the site's secret key, one purpose each. The database keeps the nonce
and the token's hash, never the token: an email can be written, or written again, from the nonce
(a reminder, an outbox that waited for its mail server), but someone holding only the database
cannot make a working link."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

from django.conf import settings


def new_nonce() -> str:
    return secrets.token_hex(16)


def signed_token(purpose: str, nonce: str) -> str:
    """The link token of this nonce, for this purpose ("survey", "invitation", "intake")."""
    key = settings.SECRET_KEY.encode()
    digest = hmac.new(key, f"mentora-{purpose}:{nonce}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def token_hash(token: str) -> str:
    """The stored form of a token."""
    return hashlib.sha256(token.encode()).hexdigest()
