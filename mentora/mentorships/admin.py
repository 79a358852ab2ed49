"""Admin for program set-up (topics, templates, competencies) and re-match requests.

Meetings, notes, goals, agreements and plans are deliberately absent: they belong to the pair
(private notes to their author alone), and the admin must not become a way around that.
"""

from django.contrib import admin

from mentora.audit.admin import AuditedAdmin
from mentora.mentorships.models import (
    AgreementTemplate,
    Competency,
    Mentorship,
    PlanTemplate,
    RematchRequest,
    Topic,
)


@admin.register(Mentorship)
class MentorshipAdmin(AuditedAdmin[Mentorship]):
    list_display = ["mentee", "mentor", "role", "tier", "source", "status", "cohort"]
    list_filter = ["status", "role", "source", "cohort__program"]


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin[Topic]):
    list_display = ["name", "program", "position"]
    list_filter = ["program"]


@admin.register(AgreementTemplate)
class AgreementTemplateAdmin(admin.ModelAdmin[AgreementTemplate]):
    list_display = ["program"]


@admin.register(PlanTemplate)
class PlanTemplateAdmin(admin.ModelAdmin[PlanTemplate]):
    list_display = ["name", "program", "kind"]


@admin.register(Competency)
class CompetencyAdmin(admin.ModelAdmin[Competency]):
    list_display = ["code", "name", "framework"]
    list_filter = ["framework"]


@admin.register(RematchRequest)
class RematchRequestAdmin(admin.ModelAdmin[RematchRequest]):
    list_display = ["mentee", "role", "tier", "reason", "created_at", "resolved_at", "cohort"]
    list_filter = ["cohort__program", "reason"]
