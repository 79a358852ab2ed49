from django.urls import path

from mentora.surveys.views import cohort, exports, importing, instruments, respond, waves

urlpatterns = [
    path("cohorts/<int:cohort_id>/surveys/", cohort.cohort_surveys, name="cohort_surveys"),
    path("cohorts/<int:cohort_id>/surveys/rates/", cohort.cohort_rates, name="survey_rates"),
    path("cohorts/<int:cohort_id>/surveys/waves/", cohort.create_wave, name="survey_create_wave"),
    path(
        "cohorts/<int:cohort_id>/surveys/import/redcap/",
        importing.import_redcap,
        name="survey_import_redcap",
    ),
    path(
        "cohorts/<int:cohort_id>/surveys/import/qualtrics/",
        importing.import_qualtrics,
        name="survey_import_qualtrics",
    ),
    path("surveys/imports/<int:import_id>/", importing.survey_import, name="survey_import"),
    path(
        "surveys/imports/<int:import_id>/confirm/",
        importing.confirm_import,
        name="survey_import_confirm",
    ),
    path(
        "cohorts/<int:cohort_id>/surveys/export/<slug:instrument>/<str:part>.csv",
        exports.export_cohort,
        name="survey_export",
    ),
    path("surveys/waves/<int:wave_id>/", waves.wave, name="survey_wave"),
    path("surveys/waves/<int:wave_id>/invite/", waves.send_invitations, name="survey_invite"),
    path("surveys/waves/<int:wave_id>/schedule/", waves.change_schedule, name="survey_schedule"),
    path(
        "surveys/instruments/<int:instrument_id>/",
        instruments.instrument_page,
        name="survey_instrument",
    ),
    path(
        "surveys/instruments/<int:instrument_id>/dictionary.csv",
        exports.instrument_export,
        name="survey_instrument_export",
    ),
    path("s/<str:token>/", respond.respond, name="survey_respond"),
]
