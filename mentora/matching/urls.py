from django.urls import path

from mentora.matching import views

urlpatterns = [
    path("cohorts/<int:cohort_id>/match/", views.cohort_runs, name="match_runs"),
    path("cohorts/<int:cohort_id>/match/rematch/", views.cohort_rematch, name="match_rematch"),
    path("match/runs/<int:run_id>/", views.run_detail, name="match_run"),
    path("match/runs/<int:run_id>/adjust/", views.run_adjust, name="match_adjust"),
    path("match/runs/<int:run_id>/again/", views.run_again, name="match_again"),
    path("match/runs/<int:run_id>/publish/", views.run_publish, name="match_publish"),
    path("match/runs/<int:run_id>/compare/<int:other_id>/", views.run_compare,
         name="match_compare"),
    path("cohorts/<int:cohort_id>/match/weights/", views.cohort_weights, name="match_weights"),
    path("match/cohorts/<int:cohort_id>/preferences/", views.my_preferences,
         name="match_preferences"),
    path("match/", views.my_matching, name="match_mine"),
    path("match/cohorts/<int:cohort_id>/browse/", views.browse, name="match_browse"),
    path("match/cohorts/<int:cohort_id>/requests/", views.my_match_requests,
         name="match_requests"),
    path("match/requests/<int:match_request_id>/", views.match_request_action,
         name="match_request_action"),
]
