"""Lists answer a page at a time: `limit` rows (at most PAGE_SIZE, the pages' own size, read
when the request comes) from `offset`, with `count`, the length of the whole list."""

from __future__ import annotations

from typing import Annotated, Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Schema
from ninja.pagination import PaginationBase

from mentora.core.pagination import page_size

# Ids and offsets past what a database integer holds are refused (422) before any query:
# SQLite raises OverflowError on them.
BIGGEST = 2**31 - 1
Id = Annotated[int, Field(ge=1, le=BIGGEST)]


class LimitOffset(PaginationBase):
    class Input(Schema):
        limit: int | None = Field(
            None, ge=1, le=BIGGEST, description="Rows per page; at most PAGE_SIZE (50 unless set)."
        )
        offset: int = Field(0, ge=0, le=BIGGEST, description="Rows to skip.")

    class Output(Schema):
        items: list[Any]
        count: int
        limit: int
        offset: int

    def paginate_queryset(
        self, queryset: QuerySet[Any], pagination: Input, request: HttpRequest, **params: Any
    ) -> dict[str, Any]:
        limit = min(pagination.limit or page_size(), page_size())
        offset = pagination.offset
        return {
            "items": queryset[offset : offset + limit],
            "count": self._items_count(queryset),
            "limit": limit,
            "offset": offset,
        }
