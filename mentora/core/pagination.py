"""Lists that grow with the data are shown a page at a time.

A page holds PAGE_SIZE rows (50 unless the setting says otherwise); a list that should stay short
on a phone asks for fewer. Each list on a page has its own query parameter, so a cohort's
participants and its pairs turn their pages apart. A page number that is not one (`?page=x`, or
past the end) shows the first or the last page, never an error. The navigation is the partial
core/_pagination.html, which reads the links made here.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest

DEFAULT_PAGE_SIZE = 50

Row = TypeVar("Row", covariant=True)


def page_size() -> int:
    return max(1, int(getattr(settings, "PAGE_SIZE", DEFAULT_PAGE_SIZE)))


@dataclass(frozen=True)
class Pages(Generic[Row]):
    """One page of a list, and the links to the others (query strings; "" where none)."""

    page: Page[Row]
    first: str
    previous: str
    next: str
    last: str

    @property
    def number(self) -> int:
        return self.page.number

    @property
    def count(self) -> int:
        """How many pages."""
        return self.page.paginator.num_pages

    @property
    def total(self) -> int:
        """How many rows in the whole list."""
        return self.page.paginator.count

    def __iter__(self) -> Iterator[Row]:
        return iter(self.page)

    def __len__(self) -> int:
        return len(self.page)


def page_of(
    request: HttpRequest,
    rows: QuerySet[Any, Row] | Sequence[Row],
    param: str = "page",
    per_page: int | None = None,
) -> Pages[Row]:
    """The page of `rows` that `request` asks for in `param`; a queryset must be ordered."""
    page = Paginator(rows, per_page or page_size()).get_page(request.GET.get(param))

    def link(number: int) -> str:
        query = request.GET.copy()
        query[param] = str(number)
        return "?" + query.urlencode()

    last = page.paginator.num_pages
    return Pages(
        page,
        first=link(1) if page.number > 2 else "",
        previous=link(page.number - 1) if page.has_previous() else "",
        next=link(page.number + 1) if page.has_next() else "",
        last=link(last) if page.number < last - 1 else "",
    )
