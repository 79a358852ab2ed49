"""The API tokens page of a person's account: make a token (shown once) and revoke one."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from mentora.api.forms import TokenForm
from mentora.api.tokens import TokenError, do_create_api_token, do_revoke_api_token, tokens_of
from mentora.people.auth import AuthenticatedHttpRequest


def _page(
    request: AuthenticatedHttpRequest, form: TokenForm, new_token: str = "", status: int = 200
) -> HttpResponse:
    context = {
        "form": form,
        "tokens": tokens_of(request.user),
        "new_token": new_token,
        "today": timezone.localdate(),
    }
    return render(request, "api/tokens.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def api_tokens(request: AuthenticatedHttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _page(request, TokenForm())
    form = TokenForm(request.POST)
    if form.is_valid():
        try:
            _token, raw = do_create_api_token(
                request.user, form.cleaned_data["name"], form.cleaned_data["expires_on"],
                timezone.now(), scopes=form.cleaned_data["scopes"],
            )
        except TokenError as error:
            form.add_error(None, str(error))
        else:
            # Shown on this response only: never stored, never put in a message or a URL.
            response = _page(request, TokenForm(), new_token=raw)
            response["Cache-Control"] = "no-store"
            return response
    return _page(request, form, status=400)


@login_required
@require_POST
def revoke_api_token(request: AuthenticatedHttpRequest, token_id: int) -> HttpResponse:
    token = do_revoke_api_token(request.user, token_id, timezone.now())
    messages.success(request, f"The token {token.name!r} no longer opens anything.")
    return redirect("api_tokens")
