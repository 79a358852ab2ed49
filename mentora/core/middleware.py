"""A database too busy to take a write answers "try again", never a server error.

On SQLite a writer waits up to SQLITE_TIMEOUT seconds for the write lock (settings: the
IMMEDIATE transaction mode and its timeout); one that waited longer gets this page, status 503
with Retry-After, and nothing of its request was written (its transaction rolled back).
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import OperationalError
from django.http import HttpRequest, HttpResponse

BUSY_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Busy - Mentora</title></head>
<body><h1>Mentora is busy</h1>
<p>Many people are saving at this moment, and what you sent was not saved. Go back and send it
again in a few seconds.</p></body></html>
"""


def is_busy(error: BaseException) -> bool:
    return isinstance(error, OperationalError) and "database is locked" in str(error)


class DatabaseBusyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not is_busy(exception):
            return None
        response = HttpResponse(BUSY_PAGE, status=503)
        response["Retry-After"] = "5"
        return response
