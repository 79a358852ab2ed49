from django.urls import path

from mentora.mentorships import views

urlpatterns = [
    path("mentorships/<int:mentorship_id>/", views.mentorship, name="mentorship"),
]
