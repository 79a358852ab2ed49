from django.urls import path

from mentora.people import views

urlpatterns = [
    path("invite/<str:token>/", views.accept_invitation, name="accept_invitation"),
    path("people/<int:person_id>/", views.person, name="person"),
    path("account/profile/", views.my_profile, name="my_profile"),
]
