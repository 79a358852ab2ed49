from django.urls import path

from mentora.engagement import views

urlpatterns = [
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/read/", views.notifications_read_all, name="notifications_read_all"),
    path(
        "notifications/<int:notification_id>/open/",
        views.notification_open,
        name="notification_open",
    ),
    path(
        "notifications/preferences/",
        views.notification_preferences,
        name="notification_preferences",
    ),
    path("pulse/<int:pulse_id>/", views.pulse, name="pulse"),
    path("cohorts/<int:cohort_id>/at-risk/", views.at_risk, name="at_risk"),
    path("cohorts/<int:cohort_id>/at-risk/steps/", views.drift_policy, name="drift_policy"),
]
