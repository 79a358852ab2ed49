from django.urls import path

from mentora.api import views
from mentora.api.api import api

urlpatterns = [
    path("account/api-tokens/", views.api_tokens, name="api_tokens"),
    path("account/api-tokens/<int:token_id>/revoke/", views.revoke_api_token,
         name="revoke_api_token"),
    path("api/", api.urls),
]
