from django.urls import path

from mentora.portfolio import views

urlpatterns = [
    path("<int:person_id>/", views.portfolio, name="portfolio"),
    path(
        "<int:person_id>/download/<str:fmt>/", views.portfolio_download, name="portfolio_download"
    ),
]
