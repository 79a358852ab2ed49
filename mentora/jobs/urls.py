from django.urls import path

from mentora.jobs import views

urlpatterns = [
    path("<int:job_id>/", views.job_progress, name="job_progress"),
    path("<int:job_id>/export/", views.export_job, name="export_job"),
    path("<int:job_id>/export/file", views.export_file, name="export_file"),
]
