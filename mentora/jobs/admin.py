from __future__ import annotations

from django.contrib import admin

from mentora.jobs.models import Job


@admin.register(Job)
class JobAdmin(admin.ModelAdmin[Job]):
    list_display = ["pk", "kind", "subject", "state", "progress", "attempts", "created_at",
                    "finished_at"]
    list_filter = ["state", "kind"]
    search_fields = ["subject", "kind", "error"]
    readonly_fields = [f.name for f in Job._meta.fields]
