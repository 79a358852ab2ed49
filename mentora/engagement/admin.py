from __future__ import annotations

from django.contrib import admin

from mentora.engagement.models import DriftFlag, DriftPolicy, Notification


@admin.register(DriftPolicy)
class DriftPolicyAdmin(admin.ModelAdmin[DriftPolicy]):
    list_display = [
        "program",
        "mentee_after_days",
        "mentor_after_days",
        "coordinator_after_days",
        "goal_review_days",
    ]


SHOWN = (
    "recipient",
    "kind",
    "key",
    "created_at",
    "read_at",
    "email",
    "emailed_at",
    "next_attempt_at",
    "attempts",
    "last_error",
)


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin[Notification]):
    """Delivery state only (what was sent to whom, when, and why it waits): not editable."""

    list_display = ["created_at", "kind", "recipient", "email", "attempts", "next_attempt_at"]
    list_filter = ["kind", "email"]
    fields = readonly_fields = SHOWN

    def has_add_permission(self, request: object) -> bool:
        return False


@admin.register(DriftFlag)
class DriftFlagAdmin(admin.ModelAdmin[DriftFlag]):
    list_display = ["mentorship", "since", "flagged_at"]
    readonly_fields = ["mentorship", "since", "flagged_at"]
