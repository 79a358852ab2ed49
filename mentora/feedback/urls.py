from django.urls import path

from mentora.feedback import views

urlpatterns = [
    path("mentorships/<int:mentorship_id>/feedback/", views.pair_feedback, name="pair_feedback"),
    path("mentorships/<int:mentorship_id>/mini-cex/new/", views.new_mini_cex,
         name="new_mini_cex"),
    path("mini-cex/<int:observation_id>/", views.mini_cex, name="mini_cex"),
    path("mentorships/<int:mentorship_id>/procedures/new/", views.log_procedure,
         name="log_procedure"),
    path("procedures/<int:entry_id>/confirm/", views.confirm_procedure,
         name="confirm_procedure"),
]
