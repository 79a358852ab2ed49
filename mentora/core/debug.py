"""What an error report may show of the request that failed.

The same report is Django's debug page (DEBUG on), and the report mailed to ADMINS or logged
with DEBUG off. Uploads carry students' records (enrolment spreadsheets, REDCap and Qualtrics
exports, bibliographies), so the report of a request that sent a file or any other raw body
shows none of it: not the files (their field names only), not the form's other fields, not the
variables of the code that read them, not the exception's message (it may quote a bad cell).
The exception's type and the traceback's lines of code remain: what a developer needs to find
the fault, with the file on their own machine to reproduce it.

Django's own filter hides only what a view marks with `sensitive_variables` and
`sensitive_post_parameters`, and only with DEBUG off; these marks are honoured with DEBUG on too.
"""

from __future__ import annotations

from types import FrameType
from typing import Any

from django.http import HttpRequest
from django.views.debug import ExceptionReporter, SafeExceptionReporterFilter

FORM = "application/x-www-form-urlencoded"


def sends_a_file(request: HttpRequest | None) -> bool:
    """Whether the request carries an upload or a raw body (anything but a plain form)."""
    if request is None or not hasattr(request, "META"):
        return False
    content_type = request.META.get("CONTENT_TYPE", "").split(";")[0].strip().lower()
    if content_type.startswith("multipart/"):
        return True
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return True
    return length > 0 and content_type != FORM


def _field_names(request: HttpRequest, part: str) -> list[str]:
    """The names in request.POST or request.FILES, or none if the body cannot be parsed."""
    try:
        return list(getattr(request, part).keys())
    except Exception:  # a malformed or oversized body: the report must still be made
        return []


class UploadSafeExceptionReporterFilter(SafeExceptionReporterFilter):
    def is_active(self, request: HttpRequest | None) -> bool:
        return True

    def get_post_parameters(self, request: HttpRequest | None) -> Any:
        if request is not None and sends_a_file(request):
            return {name: self.cleansed_substitute for name in _field_names(request, "POST")}
        return super().get_post_parameters(request)

    def get_traceback_frame_variables(
        self, request: HttpRequest | None, tb_frame: FrameType
    ) -> Any:
        if sends_a_file(request):
            return [(name, self.cleansed_substitute) for name in tb_frame.f_locals]
        return super().get_traceback_frame_variables(request, tb_frame)


class UploadSafeExceptionReporter(ExceptionReporter):
    def get_traceback_data(self) -> dict[str, Any]:
        data: dict[str, Any] = super().get_traceback_data()
        if self.request is None or not sends_a_file(self.request):
            return data
        hidden = self.filter.cleansed_substitute
        data["request_FILES_items"] = [
            (name, hidden) for name in _field_names(self.request, "FILES")
        ]
        if "exception_value" in data:
            data["exception_value"] = hidden
        data.pop("exception_notes", None)
        data["unicode_hint"] = ""
        for frame in data["frames"]:
            cause = frame.get("exc_cause")
            if cause is not None:
                frame["exc_cause"] = f"{type(cause).__name__}: {hidden}"
        return data
