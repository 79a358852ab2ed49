from django.urls import path

from mentora.engagement import event_views

urlpatterns = [
    path("cohorts/<int:cohort_id>/events/", event_views.cohort_events, name="cohort_events"),
    path("events/<int:event_id>/", event_views.event, name="event"),
    path("events/<int:event_id>/reply/", event_views.event_reply, name="event_reply"),
    path(
        "events/<int:event_id>/attendance/<int:invitee_id>/",
        event_views.event_attendance,
        name="event_attendance",
    ),
]
