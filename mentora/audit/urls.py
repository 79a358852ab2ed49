from django.urls import path

from mentora.audit import views

urlpatterns = [
    path("", views.audit_log, name="audit_log"),
    path("events.csv", views.audit_csv, name="audit_csv"),
]
