"""Reads through the API in the audit trail, as the pages' reads are: one event per answered
request, never one per row, written once the operation has found what it answers. A refused
call (401, 403, 404, 422) never reaches that point and writes nothing.

The event says who (the account, and the API token by its name and id, or "browser session";
never the token itself), the operation, the filters and the page asked for, how many rows were
answered of how many, and the program when the request names one (its `program` filter, or
the program of its `cohort` or `mentorship` filter, or of the object read).

    @router.get("/people", ...)
    @logged(Person)                # outside @paginate: it sees the page ninja answers
    @paginate(LimitOffset)
    def list_people(...): ...

Operations left unlogged (programs, cohorts, a cohort's instrument names) read no personal
data; mentora.audit.doors lists them with the reason, and tests/audit/test_doors.py fails when
an operation is neither logged nor listed.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.db import models
from django.http import HttpRequest
from ninja import Schema

from mentora.api.models import ApiToken
from mentora.audit.models import AuditEvent
from mentora.audit.record import Action, record
from mentora.mentorships.models import Mentorship
from mentora.programs.models import Cohort

View = TypeVar("View", bound=Callable[..., Any])


def called_by(request: HttpRequest) -> str:
    """How the caller signed in: the token by its name and id, or the browser's session."""
    token = getattr(request, "api_token", None)
    if isinstance(token, ApiToken):
        return f"token {token.name!r} (#{token.pk})"
    return "browser session"


NOTE_LENGTH = AuditEvent._meta.get_field("note").max_length or 300


def signed_note(request: HttpRequest, what: str) -> str:
    """`what`, then who called: `what` is cut short to fit the event's note, never the token's
    name and id (a long token name and many filters ran past it)."""
    who = f"; {called_by(request)}"
    room = NOTE_LENGTH - len(who)
    return (what if len(what) <= room else what[: max(room - 1, 0)] + "…") + who


def _filters(kwargs: dict[str, Any]) -> dict[str, Any]:
    found = kwargs.get("filters")
    if not isinstance(found, Schema):
        return {}
    return {name: getattr(value, "value", value)
            for name, value in found.model_dump(exclude_none=True).items()}


def _program_asked(filters: dict[str, Any]) -> int | None:
    """The program a list's filters name, directly or through a cohort or a pair."""
    if "program" in filters:
        return int(filters["program"])
    for name, model, path in (("cohort", Cohort, "program_id"),
                              ("mentorship", Mentorship, "cohort__program_id")):
        if name in filters:
            found = model.objects.filter(pk=filters[name]).values_list(path, flat=True).first()
            return found if isinstance(found, int) else None
    return None


def _record_list(request: HttpRequest, name: str, kind: type[models.Model],
                 page: dict[str, Any], filters: dict[str, Any]) -> None:
    asked = ", ".join(f"{key}={value}" for key, value in filters.items()) or "none"
    plural = name.removeprefix("list_").replace("_", " ")  # list_match_runs: "match runs"
    record(
        Action.READ, kind=kind._meta.label_lower, label=f"list of {plural}",
        program=_program_asked(filters),
        note=signed_note(request, f"API {name}: {len(page['items'])} of {page['count']} {plural} "
                         f"(limit {page['limit']}, offset {page['offset']}); filters: {asked}"),
    )


def _record_one(request: HttpRequest, name: str, obj: models.Model) -> None:
    record(Action.READ, obj, label=f"{obj._meta.verbose_name} {obj.pk}",
           note=signed_note(request, f"API {name}"))


def logged(kind: type[models.Model],
           found: Callable[[Any], models.Model] | None = None) -> Callable[[View], View]:
    """Log each answered call of the operation: a page of `kind` (a paged list), or the one
    object it answers (`found` takes it from the answer when the answer is not the object)."""

    def wrap(view: View) -> View:
        @wraps(view)
        def logged_view(request: HttpRequest, **kwargs: Any) -> Any:
            answer = view(request, **kwargs)
            name = view.__name__
            if isinstance(answer, dict) and "items" in answer:
                answer["items"] = list(answer["items"])  # read once: counted and answered
                _record_list(request, name, kind, answer, _filters(kwargs))
            else:
                _record_one(request, name, found(answer) if found else answer)
            return answer

        logged_view.logs_reads = True  # type: ignore[attr-defined]
        return logged_view  # type: ignore[return-value]

    return wrap
