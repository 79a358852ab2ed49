"""Who calls the API: a script with its token (`Authorization: Bearer <token>`), or the browser
with its session (django's session cookie; unsafe methods need the CSRF token, as forms do).

Every operation declares both in the OpenAPI document. A deactivated account has no session
(Django signs it out) and its tokens open nothing; an anonymous call answers 401. Each router
takes the auth of its part of the API (`auth_for`): a token without that part in its scopes
answers 403, naming the part.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.http import HttpRequest
from django.utils import timezone
from ninja.errors import HttpError
from ninja.security import HttpBearer, SessionAuth

from mentora.api.scopes import Scope
from mentora.api.tokens import token_for


class BearerToken(HttpBearer):
    def __init__(self, scope: Scope | None = None) -> None:
        super().__init__()
        self.scope = scope

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        found = token_for(token, timezone.now())
        if found is None:
            return None
        if self.scope is not None and self.scope not in found.scopes:
            raise HttpError(
                403,
                f"The token {found.name!r} may not read {self.scope.label.lower()} "
                f"(its scopes: {', '.join(found.scopes) or 'none'}); make a token that may, on "
                "the API tokens page.",
            )
        request.user = found.user
        request.api_token = found  # type: ignore[attr-defined]  # named in the audit trail
        return found.user


class BrowserSession(SessionAuth):
    """The signed-in browser; the CSRF check runs for unsafe methods (ninja's cookie auth)."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = request.user
        if user.is_authenticated and user.is_active:
            return user
        return None


AUTH = [BearerToken(), BrowserSession()]


def auth_for(scope: Scope) -> list[Any]:
    """The auth of one part of the API: a token with that scope, or the browser's session."""
    return [BearerToken(scope), BrowserSession()]


def caller(request: HttpRequest) -> User:
    """The user an authenticated operation works for."""
    user = request.auth  # type: ignore[attr-defined]
    assert isinstance(user, User)
    return user
