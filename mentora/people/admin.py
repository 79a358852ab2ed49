from django.contrib import admin

from mentora.people.models import Demographics, Interest, Invitation, Person


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["full_name", "email", "career_stage", "department", "is_synthetic"]
    list_filter = ["career_stage", "is_evaluator", "is_synthetic"]
    search_fields = ["full_name", "email"]
    filter_horizontal = ["specialty_interests", "scholarly_interests"]


admin.site.register(Interest)
admin.site.register(Demographics)


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["person", "created_at", "expires_at", "accepted_at"]
    readonly_fields = ["token_hash"]
