from __future__ import annotations

from django.conf import settings
from django.db import models


class ApiToken(models.Model):
    """A key a script signs in to the JSON API with (`Authorization: Bearer <token>`), acting as
    its user with that user's rights. Only a SHA-256 hash of the token is stored; the token is
    shown once, when it is made. It reads only its `scopes` (the API's parts its owner chose).
    From `expires_on` on, or once revoked, it opens nothing."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100, help_text="What the token is for, e.g. a script.")
    prefix = models.CharField(max_length=12, help_text="The token's first letters, to tell it.")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)
    expires_on = models.DateField(
        null=True, blank=True, help_text="From this day on the token opens nothing; empty: no end."
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    # The parts of the API it may read (mentora.api.scopes.Scope values).
    scopes = models.JSONField(default=list)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"API token {self.name!r} of {self.user}"
