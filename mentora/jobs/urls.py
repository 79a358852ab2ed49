from django.urls import path

from mentora.jobs import views

urlpatterns = [
    path("<int:job_id>/", views.job_progress, name="job_progress"),
]
