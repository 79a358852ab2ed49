from django.urls import path

from mentora.qualitative import views

urlpatterns = [
    path("", views.projects, name="qda_projects"),
    path("<int:project_id>/", views.project, name="qda_project"),
    path("<int:project_id>/codebook/", views.codebook, name="qda_codebook"),
    path("<int:project_id>/sources/<int:source_id>/", views.source, name="qda_source"),
    path("<int:project_id>/agreement/", views.agreement_page, name="qda_agreement"),
    path("<int:project_id>/table-4/", views.theme_table, name="qda_table"),
]
