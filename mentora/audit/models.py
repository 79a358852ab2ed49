"""One row per audited event, never changed nor deleted once written.

The actor and the program are kept as ids without a database constraint (and the actor's email
as text): an account or a program removed later leaves its events as they were, since changing
an event (setting a column to NULL) is what the log refuses.
"""

from __future__ import annotations

from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.utils import timezone

APPEND_ONLY = "The audit trail is append-only: an event is never changed or deleted."


class AppendOnly(Exception):
    """An attempt to change or delete an audit event."""


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnly(APPEND_ONLY)

    def delete(self) -> NoReturn:
        raise AppendOnly(APPEND_ONLY)


class AuditEvent(models.Model):
    class Action(models.TextChoices):
        CREATE = "create", "create"
        UPDATE = "update", "update"
        DELETE = "delete", "delete"
        READ = "read", "read"
        EXPORT = "export", "export"
        SIGN_IN = "sign_in", "sign in"
        SIGN_OUT = "sign_out", "sign out"

    at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.DO_NOTHING,
        db_constraint=False, related_name="+",
    )
    actor_email = models.CharField(max_length=254, blank=True)
    action = models.CharField(max_length=10, choices=Action.choices)
    object_type = models.CharField(max_length=100, blank=True, help_text="app_label.model")
    object_id = models.CharField(max_length=64, blank=True)
    object_label = models.CharField(max_length=200, blank=True)
    program = models.ForeignKey(
        "programs.Program", null=True, blank=True, on_delete=models.DO_NOTHING,
        db_constraint=False, related_name="+",
    )
    fields = models.JSONField(default=list, blank=True, help_text="names of the changed fields")
    request_id = models.CharField(max_length=32, blank=True)
    path = models.CharField(max_length=300, blank=True)
    method = models.CharField(max_length=10, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=200, blank=True)
    note = models.CharField(max_length=300, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["program", "-at"]),
            models.Index(fields=["object_type", "object_id"]),
            models.Index(fields=["actor", "-at"]),
        ]

    def __str__(self) -> str:
        who = self.actor_email or "nobody signed in"
        return f"{who} {self.get_action_display()} {self.object_type} {self.object_id}".strip()

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnly(APPEND_ONLY)
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnly(APPEND_ONLY)
