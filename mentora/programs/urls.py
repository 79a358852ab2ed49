from django.urls import path

from mentora.programs import block_views, offer_views, views

urlpatterns = [
    path("programs/", views.program_list, name="program_list"),
    path("programs/<int:program_id>/", views.program, name="program"),
    path("cohorts/<int:cohort_id>/", views.cohort, name="cohort"),
    path("cohorts/<int:cohort_id>/enrol/", views.cohort_upload, name="cohort_upload"),
    path(
        "cohorts/<int:cohort_id>/enrol/template.<str:fmt>",
        views.cohort_enrol_template,
        name="cohort_enrol_template",
    ),
    path("cohorts/<int:cohort_id>/next-year/", views.cohort_next_year, name="cohort_next_year"),
    path("cohorts/<int:cohort_id>/blocks/", block_views.cohort_blocks, name="cohort_blocks"),
    path("blocks/<int:block_id>/", block_views.block, name="block"),
    path("blocks/<int:block_id>/people/", block_views.block_people, name="block_people"),
    path("blocks/<int:block_id>/delete/", block_views.block_delete, name="block_delete"),
    path("mentor-offers/<int:offer_id>/", offer_views.mentor_offer, name="mentor_offer"),
    path("join/<int:cohort_id>/", views.intake, name="intake"),
    path("join/confirm/<str:token>/", views.intake_confirm, name="intake_confirm"),
]
