from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("jobs/", include("mentora.jobs.urls")),
    path("", include("mentora.api.urls")),
    path("audit/", include("mentora.audit.urls")),
    path("", include("mentora.core.urls")),
]
