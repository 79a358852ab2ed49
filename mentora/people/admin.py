"""Admin for people. Demographics are restricted: a staff account with model permissions must
still not read them, so only a superuser reaches them here."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User
from django.forms import ModelForm
from django.http import HttpRequest

from mentora.audit.admin import AuditedAdmin
from mentora.people.accounts import do_deactivate_account
from mentora.people.models import Demographics, Interest, Invitation, Person


@admin.register(Person)
class PersonAdmin(AuditedAdmin[Person]):
    list_display = ["full_name", "email", "career_stage", "department", "is_synthetic",
                    "evaluator_expires_on"]
    list_filter = ["career_stage", "is_evaluator", "is_synthetic"]
    search_fields = ["full_name", "email"]
    filter_horizontal = ["specialty_interests", "scholarly_interests"]


admin.site.register(Interest)


@admin.register(Demographics)
class DemographicsAdmin(AuditedAdmin[Demographics]):
    audit_reads = True

    def has_module_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_superuser)

    def has_view_permission(self, request: HttpRequest, obj: Demographics | None = None) -> bool:
        return bool(request.user.is_superuser)

    def has_change_permission(self, request: HttpRequest, obj: Demographics | None = None) -> bool:
        return bool(request.user.is_superuser)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_superuser)

    def has_delete_permission(self, request: HttpRequest, obj: Demographics | None = None) -> bool:
        return bool(request.user.is_superuser)


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin[Invitation]):
    list_display = ["person", "created_at", "expires_at", "accepted_at"]
    readonly_fields = ["token_hash"]


class AccountAdmin(UserAdmin[User]):
    """Django's user admin, except that unticking "active" goes through do_deactivate_account,
    which ends the account's sessions at once."""

    def save_model(self, request: HttpRequest, obj: User, form: ModelForm[User],
                   change: bool) -> None:
        super().save_model(request, obj, form, change)
        if change and "is_active" in form.changed_data and not obj.is_active:
            do_deactivate_account(obj)


admin.site.unregister(User)
admin.site.register(User, AccountAdmin)
