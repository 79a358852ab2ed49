from django.contrib.auth import views as auth_views
from django.urls import include, path

from mentora.core import views

urlpatterns = [
    path("", views.home, name="home"),
    path("health/", views.health, name="health"),
    path(
        "login/",
        auth_views.LoginView.as_view(
            template_name="core/login.html", redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include("mentora.people.urls")),
    path("", include("mentora.programs.urls")),
    path("", include("mentora.mentorships.urls")),
    path("feedback/", include("mentora.feedback.urls")),
    path("portfolio/", include("mentora.portfolio.urls")),
    path("evaluation/", include("mentora.evaluation.urls")),
    path("qualitative/", include("mentora.qualitative.urls")),
    path("", include("mentora.surveys.urls")),
    path("", include("mentora.matching.urls")),
    path("", include("mentora.engagement.urls")),
    path("", include("mentora.engagement.event_urls")),
]
