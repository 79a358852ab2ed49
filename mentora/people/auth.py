"""The user a view works for. django-stubs types `request.user` as `User | AnonymousUser`; a
view behind `login_required` only ever sees a signed-in `User`, and says so by annotating its
request as `AuthenticatedHttpRequest` (a type only: Django still passes its own request)."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, User
from django.http import HttpRequest

# Who may be looking at a page that does not require signing in.
AnyUser = User | AnonymousUser


class AuthenticatedHttpRequest(HttpRequest):
    user: User
