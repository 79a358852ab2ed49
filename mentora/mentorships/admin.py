from django.contrib import admin

from mentora.mentorships.models import Mentorship


@admin.register(Mentorship)
class MentorshipAdmin(admin.ModelAdmin):
    list_display = ["mentee", "mentor", "role", "tier", "source", "status", "cohort"]
    list_filter = ["status", "role", "source", "cohort__program"]
