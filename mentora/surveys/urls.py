from django.urls import path

from mentora.surveys import views

urlpatterns = [
    path("cohorts/<int:cohort_id>/surveys/", views.cohort_surveys, name="cohort_surveys"),
    path("cohorts/<int:cohort_id>/surveys/rates/", views.cohort_rates, name="survey_rates"),
    path("cohorts/<int:cohort_id>/surveys/waves/", views.create_wave, name="survey_create_wave"),
    path(
        "cohorts/<int:cohort_id>/surveys/import/redcap/",
        views.import_redcap,
        name="survey_import_redcap",
    ),
    path(
        "cohorts/<int:cohort_id>/surveys/import/qualtrics/",
        views.import_qualtrics,
        name="survey_import_qualtrics",
    ),
    path("surveys/imports/<int:import_id>/", views.survey_import, name="survey_import"),
    path(
        "surveys/imports/<int:import_id>/confirm/",
        views.confirm_import,
        name="survey_import_confirm",
    ),
    path(
        "cohorts/<int:cohort_id>/surveys/export/<slug:instrument>/<str:part>.csv",
        views.export_cohort,
        name="survey_export",
    ),
    path("surveys/waves/<int:wave_id>/", views.wave, name="survey_wave"),
    path("surveys/waves/<int:wave_id>/invite/", views.send_invitations, name="survey_invite"),
    path("surveys/waves/<int:wave_id>/schedule/", views.change_schedule, name="survey_schedule"),
    path(
        "surveys/instruments/<int:instrument_id>/",
        views.instrument_page,
        name="survey_instrument",
    ),
    path(
        "surveys/instruments/<int:instrument_id>/dictionary.csv",
        views.instrument_export,
        name="survey_instrument_export",
    ),
    path("s/<str:token>/", views.respond, name="survey_respond"),
]
