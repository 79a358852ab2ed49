from django.urls import path, register_converter

from mentora.evaluation import views


class FormatConverter:
    regex = "docx|xlsx"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(FormatConverter, "fmt")

urlpatterns = [
    path("cohorts/<int:cohort_id>/report/", views.report, name="evaluation_report"),
    path("cohorts/<int:cohort_id>/report/tables.<fmt:fmt>", views.download,
         name="evaluation_download"),
    path("cohorts/<int:cohort_id>/report/table-<int:table>.csv", views.download,
         {"fmt": "csv"}, name="evaluation_csv"),
    path("cohorts/<int:cohort_id>/report/compute/", views.compute_again,
         name="evaluation_report_compute"),
    path("cohorts/<int:cohort_id>/report/jobs/<int:job_id>/", views.report_job,
         name="evaluation_report_job"),
    path("cohorts/<int:cohort_id>/scholarship/", views.scholarship,
         name="evaluation_scholarship"),
    path("cohorts/<int:cohort_id>/scholarship/add/", views.add_entry, name="evaluation_add_entry"),
    path("cohorts/<int:cohort_id>/scholarship/csv/", views.import_csv,
         name="evaluation_csv_import"),
    path("cohorts/<int:cohort_id>/scholarship/bibliography/", views.import_bibliography,
         name="evaluation_bibliography"),
    path("cohorts/<int:cohort_id>/scholarship/<int:entry_id>/delete/", views.delete_entry,
         name="evaluation_delete_entry"),
]
