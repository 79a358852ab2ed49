from typing import Any

from django.contrib import admin
from django.forms import BaseModelFormSet, ModelForm
from django.http import HttpRequest
from django.utils import timezone

from mentora.audit.admin import AuditedAdmin
from mentora.people.accounts import do_give_profile
from mentora.people.sessions import end_sessions
from mentora.programs.models import Cohort, Enrolment, Program, ProgramCoordinator, Tier, Track


class CoordinatorInline(admin.TabularInline[ProgramCoordinator, Program]):
    """Who coordinates the program, and until when (empty: no end)."""

    model = ProgramCoordinator
    extra = 0
    autocomplete_fields = ["user"]


class TrackInline(admin.TabularInline[Track, Program]):
    model = Track
    extra = 0


class TierInline(admin.TabularInline[Tier, Program]):
    model = Tier
    extra = 0


@admin.register(Program)
class ProgramAdmin(AuditedAdmin[Program]):
    list_display = ["name", "kind", "meetings_per_year_target", "is_synthetic"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [CoordinatorInline, TrackInline, TierInline]

    def save_formset(self, request: HttpRequest, form: ModelForm[Program],
                     formset: BaseModelFormSet[Any, Any], change: bool) -> None:
        """A new coordinator without a profile gets one; a coordinator role removed here, or
        given an end date today or before, ends that account's sessions at once
        (mentora.programs.roles does the same outside the admin)."""
        super().save_formset(request, form, formset, change)
        if formset.model is not ProgramCoordinator:
            return
        for role in formset.new_objects:
            do_give_profile(role.user)  # so notifications reach a new coordinator
        today = timezone.localdate()
        ended = {role.user_id for role in formset.deleted_objects}
        ended |= {role.user_id for role, _ in formset.changed_objects
                  if role.expires_on is not None and role.expires_on <= today}
        ended |= {role.user_id for role in formset.new_objects
                  if role.expires_on is not None and role.expires_on <= today}
        if ended:
            end_sessions(ended)


@admin.register(Cohort)
class CohortAdmin(admin.ModelAdmin[Cohort]):
    list_display = ["name", "program", "academic_year", "starts_on", "ends_on", "intake_open"]


@admin.register(Enrolment)
class EnrolmentAdmin(AuditedAdmin[Enrolment]):
    list_display = ["person", "cohort", "role", "capacity", "status", "expires_on"]
    list_filter = ["role", "status", "cohort__program"]
    search_fields = ["person__full_name", "person__email"]
