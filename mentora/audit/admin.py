"""The audit trail in the admin: read-only, for accounts with the auditor right."""

from __future__ import annotations

from typing import Any, TypeVar

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse

from mentora.audit.models import AuditEvent
from mentora.audit.record import Action, record, record_many


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin[AuditEvent]):
    list_display = ["at", "actor_email", "action", "object_type", "object_id", "object_label",
                    "program_id", "ip_address", "path"]
    list_filter = ["action", "object_type"]
    search_fields = ["actor_email", "object_label", "request_id"]
    date_hierarchy = "at"

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [field.name for field in AuditEvent._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


_M = TypeVar("_M", bound=Model)


class AuditedAdmin(admin.ModelAdmin[_M]):
    """An admin page of a sensitive model: every add, change and delete (its inlines' too) is
    audited inside the admin's own transaction; with `audit_reads`, opening a record too."""

    audit_reads = False

    def save_model(self, request: HttpRequest, obj: _M, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        record(Action.UPDATE if change else Action.CREATE, obj, fields=form.changed_data,
               note="admin")

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        # Deleted rows are recorded first, while they still have their ids.
        deleted = [f.instance for f in formset.deleted_forms if f.instance.pk is not None]
        record_many(Action.DELETE, deleted, program=form.instance, note="admin")
        super().save_formset(request, form, formset, change)
        for action, objects in ((Action.CREATE, formset.new_objects),
                                (Action.UPDATE, [obj for obj, _ in formset.changed_objects])):
            record_many(action, objects, program=form.instance, note="admin")

    def delete_model(self, request: HttpRequest, obj: _M) -> None:
        record(Action.DELETE, obj, note="admin")
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[_M]) -> None:
        record_many(Action.DELETE, list(queryset), program=None, note="admin")
        super().delete_queryset(request, queryset)

    def change_view(self, request: HttpRequest, object_id: str, form_url: str = "",
                    extra_context: dict[str, Any] | None = None) -> HttpResponse:
        if self.audit_reads and request.method == "GET":
            obj = self.get_object(request, unquote(object_id))
            if obj is not None and self.has_view_permission(request, obj):
                record(Action.READ, obj, note="admin")
        return super().change_view(request, object_id, form_url, extra_context)
