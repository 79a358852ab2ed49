from django.urls import path

from mentora.feedback import person_views, program_views, views

urlpatterns = [
    path("mentorships/<int:mentorship_id>/feedback/", views.pair_feedback, name="pair_feedback"),
    path("mentorships/<int:mentorship_id>/mini-cex/new/", views.new_mini_cex,
         name="new_mini_cex"),
    path("mini-cex/<int:observation_id>/", views.mini_cex, name="mini_cex"),
    path("mentorships/<int:mentorship_id>/procedures/new/", views.log_procedure,
         name="log_procedure"),
    path("procedures/<int:entry_id>/confirm/", views.confirm_procedure,
         name="confirm_procedure"),
    path("programs/<int:program_id>/", program_views.program_feedback,
         name="program_feedback"),
    path("cohorts/<int:cohort_id>/observations/", program_views.cohort_observations,
         name="cohort_observations"),
    path("dossier/", person_views.dossier, name="dossier"),
    path("dossier/download/", person_views.dossier_download, name="dossier_download"),
    path("mentorships/<int:mentorship_id>/competencies/", person_views.pair_competencies,
         name="pair_competencies"),
]
