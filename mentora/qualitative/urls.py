from django.urls import path

from mentora.qualitative.views import agreement, coding, projects, table

urlpatterns = [
    path("", projects.projects, name="qda_projects"),
    path("<int:project_id>/", projects.project, name="qda_project"),
    path("<int:project_id>/codebook/", coding.codebook, name="qda_codebook"),
    path("<int:project_id>/sources/<int:source_id>/", coding.source, name="qda_source"),
    path("<int:project_id>/agreement/", agreement.agreement_page, name="qda_agreement"),
    path("<int:project_id>/table-4/", table.theme_table, name="qda_table"),
]
