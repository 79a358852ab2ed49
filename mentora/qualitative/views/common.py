"""What the coding pages share: a refused write said as a message, a form's errors as messages."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db import IntegrityError

from mentora.core.uploads import UploadError
from mentora.people.auth import AuthenticatedHttpRequest
from mentora.qualitative.actions import QdaError

# A write that met another at the same moment (two coders adding one code): a message, not a 500.
RACE = "Someone changed this at the same moment; look again and retry."
REFUSED = (QdaError, UploadError, IntegrityError)


def fail(request: AuthenticatedHttpRequest, error: Exception) -> None:
    messages.error(request, RACE if isinstance(error, IntegrityError) else str(error))


def form_errors(request: AuthenticatedHttpRequest, form: Any) -> None:
    for field, errors in form.errors.items():
        where = "" if field == "__all__" else f"{field}: "
        for error in errors:
            messages.error(request, f"{where}{error}")
