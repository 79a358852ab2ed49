"""The API: one NinjaAPI at /api/, its OpenAPI document at /api/openapi.json and its docs page
at /api/docs (ninja's Swagger UI from this site's own static files: no CDN, no inline script,
so the Content-Security-Policy stays as it is)."""

from __future__ import annotations

from typing import Any

from ninja import NinjaAPI
from ninja.operation import Operation

from mentora.api.auth import AUTH
from mentora.api.endpoints import matching, people, relationships, surveys


class MentoraApi(NinjaAPI):
    def get_openapi_operation_id(self, operation: Operation) -> str:
        """Operation ids are the functions' names (list_people, get_meeting...)."""
        name: Any = getattr(operation.view_func, "__name__", "")
        return str(name)


api = MentoraApi(
    title="Mentora API",
    version="1",
    description=(
        "Read access to what Mentora's pages show the caller. Sign in with a token made on "
        "the API tokens page (`Authorization: Bearer <token>`) or, from the browser, with the "
        "session. A token reads only the parts its owner chose (its scopes: people, "
        "relationships, matching, surveys: the tags below); another part answers 403. "
        "Lists are paged (`limit`, at most PAGE_SIZE, and `offset`)."
    ),
    auth=AUTH,
    urls_namespace="api",
)
for part in (people, relationships, matching, surveys):
    api.add_router("/", part.router)
