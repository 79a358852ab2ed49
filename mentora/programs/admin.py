from django.contrib import admin

from mentora.programs.models import Cohort, Enrollment, Program, ProgramCoordinator, Tier, Track


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
class ProgramAdmin(admin.ModelAdmin[Program]):
    list_display = ["name", "kind", "meetings_per_year_target", "is_synthetic"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [CoordinatorInline, TrackInline, TierInline]


@admin.register(Cohort)
class CohortAdmin(admin.ModelAdmin[Cohort]):
    list_display = ["name", "program", "academic_year", "starts_on", "ends_on", "intake_open"]


@admin.register(Enrollment)
class EnrollmentAdmin(admin.ModelAdmin[Enrollment]):
    list_display = ["person", "cohort", "role", "capacity", "status", "expires_on"]
    list_filter = ["role", "status", "cohort__program"]
    search_fields = ["person__full_name", "person__email"]
