from django.contrib import admin

from mentora.matching.models import MatchPreference, MatchRequest, MatchRun, MatchSettings


@admin.register(MatchSettings)
class MatchSettingsAdmin(admin.ModelAdmin[MatchSettings]):
    list_display = ["program", "equity_required", "max_team_size"]


@admin.register(MatchPreference)
class MatchPreferenceAdmin(admin.ModelAdmin[MatchPreference]):
    # Asked-for affinity is a preference, not a demographic value; the values stay hidden.
    list_display = ["enrolment", "team_role"]


@admin.register(MatchRequest)
class MatchRequestAdmin(admin.ModelAdmin[MatchRequest]):
    list_display = ["cohort", "mentee", "mentor", "side", "rank", "status"]
    list_filter = ["status", "side"]


@admin.register(MatchRun)
class MatchRunAdmin(admin.ModelAdmin[MatchRun]):
    list_display = ["cohort", "number", "mode", "status", "version", "created_at"]
    # The snapshot holds each person's group and demographics as the run was solved: kept out
    # of plain view (the run page shows group figures only, and only above the threshold).
    exclude = ["snapshot"]
    readonly_fields = ["result", "progress", "version"]
