"""The one door into the audit trail: `record` and `record_many`, and the request they read.

`AuditMiddleware` puts the current request in a context variable, so a `do_*` function records
who acted and from where without being handed the request. A write calls `record` inside its own
`transaction.atomic` block: the event is written, or rolled back, with the write it describes.
Outside a request (a command, a job's worker) the actor is the person the function was given
(`by`), and the request facts stay empty.

An event names the fields that changed, never their values: the log is as safe to read as its
readers are few, and no safer.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Sequence
from contextvars import ContextVar
from typing import Any

from django.contrib.auth import user_logged_in, user_logged_out
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.db import models
from django.http import HttpRequest, HttpResponse

from mentora.audit.models import AuditEvent
from mentora.programs.models import Program

Action = AuditEvent.Action

_request: ContextVar[HttpRequest | None] = ContextVar("mentora_audit_request", default=None)

# Models whose __str__ is text people typed (a goal, an answer): their label is their kind and id.
CONTENT_LABELS = {"mentorships.goal", "mentorships.actionitem", "surveys.answer"}
USER_AGENT_LENGTH = 200
AUDIT_READER = "audit_reader"


class AuditMiddleware:
    """Gives `record` the request being answered, and every response its request id."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.audit_request_id = uuid.uuid4().hex  # type: ignore[attr-defined]
        token = _request.set(request)
        try:
            response = self.get_response(request)
        finally:
            _request.reset(token)
        response["X-Request-ID"] = request.audit_request_id  # type: ignore[attr-defined]
        return response


def current_request() -> HttpRequest | None:
    return _request.get()


def _user_of(who: object) -> User | None:
    """A signed-in user, or a Person's account; None for anyone else."""
    if isinstance(who, AnonymousUser) or who is None:
        return None
    if isinstance(who, User):
        return who
    user = getattr(who, "user", None)
    return user if isinstance(user, User) else None


def program_id_of(where: object) -> int | None:
    """The program a record belongs to: a Program or its id, or an object with a program, a
    cohort, a mentorship, an enrolment, a wave or a meeting (its pairs) on the way to one."""
    if where is None or isinstance(where, int):
        return where
    program_id = getattr(where, "program_id", None)
    if isinstance(program_id, int):
        return program_id
    if isinstance(where, Program):
        return where.pk
    for step in ("cohort", "mentorship", "enrolment", "wave", "meeting"):
        if getattr(where, f"{step}_id", None) is not None:
            return program_id_of(getattr(where, step))
    pairs = getattr(where, "mentorships", None)  # a meeting: its pairs share one program
    if isinstance(pairs, models.Manager):
        found = pairs.values_list("cohort__program_id", flat=True).first()
        return found if isinstance(found, int) else None
    return None


def _plain_label(obj: models.Model) -> str:
    return f"{obj._meta.verbose_name} {obj.pk}"


def _label(obj: models.Model) -> str:
    if obj._meta.label_lower in CONTENT_LABELS:
        return _plain_label(obj)
    return str(obj)[:200]


def _path(request: HttpRequest) -> str:
    """The path, with the secret of a link (a survey, an invitation, a calendar feed) left out:
    the log must not hand its readers the links it records."""
    path = request.path
    match = getattr(request, "resolver_match", None)
    for name, value in (match.kwargs.items() if match is not None else ()):
        if "token" in name and isinstance(value, str) and value:
            path = path.replace(value, f"<{name}>")
    return path


def _event(action: str, obj: models.Model | None, *, actor: User | None, program_id: int | None,
           fields: Iterable[str], note: str, label: str | None, kind: str = "") -> AuditEvent:
    request = current_request()
    event = AuditEvent(
        action=action, program_id=program_id, fields=sorted(set(fields)), note=note[:300],
        actor=actor, actor_email=(actor.email or actor.get_username())[:254] if actor else "",
    )
    if obj is not None:
        event.object_type = obj._meta.label_lower
        event.object_id = str(obj.pk)[:64]
        event.object_label = (label if label is not None else _label(obj))[:200]
    else:
        event.object_type = kind[:100]
        event.object_label = (label or "")[:200]
    if request is not None:
        from mentora.people.throttle import client_address

        event.request_id = getattr(request, "audit_request_id", "")
        event.path = _path(request)[:300]
        event.method = (request.method or "")[:10]
        event.ip_address = client_address(request)
        event.user_agent = request.headers.get("User-Agent", "")[:USER_AGENT_LENGTH]
    return event


def _actor(by: object) -> User | None:
    """The signed-in user of the request if there is one, else whoever the caller names."""
    request = current_request()
    if request is not None:
        signed_in = _user_of(getattr(request, "user", None))
        if signed_in is not None:
            return signed_in
    return _user_of(by)


def record(action: str, obj: models.Model | None = None, *, program: object = None,
           fields: Iterable[str] = (), note: str = "", by: object = None,
           label: str | None = None, kind: str = "") -> AuditEvent:
    """Write one event: `action` on `obj` (in `program`, found from `obj` when not given), the
    names of the `fields` that changed, a short `note`; by the signed-in user, or `by`. An event
    on many objects at once (a list read) names their `kind` ("people.person") and no object."""
    event = _event(action, obj, actor=_actor(by), fields=fields, note=note, label=label,
                   kind=kind, program_id=program_id_of(program if program is not None else obj))
    event.save()
    return event


def record_many(action: str, objects: Sequence[models.Model], *, program: object,
                fields: Iterable[str] = (), note: str = "", by: object = None) -> int:
    """One event per object, in one insert (a bulk write audits every row it touched); the
    program is found from each object when `program` is None. Labels are the kind and id, so
    that no object's name costs a query."""
    actor, program_id, names = _actor(by), program_id_of(program), list(fields)
    events = [_event(action, obj, actor=actor, fields=names, note=note, label=_plain_label(obj),
                     program_id=program_id if program is not None else program_id_of(obj))
              for obj in objects]
    AuditEvent.objects.bulk_create(events, batch_size=500)
    return len(events)


def _signed_in(sender: Any, request: HttpRequest | None, user: AbstractBaseUser,
               **_: Any) -> None:
    record(Action.SIGN_IN, by=user)
    session = getattr(request, "session", None)
    if session is not None and isinstance(user, User):
        from mentora.audit.rights import is_auditor

        # The menu's link to the log, read from the session so that no page pays a query for
        # it; the log itself checks the right on every request.
        session[AUDIT_READER] = is_auditor(user)


def _signed_out(sender: Any, request: HttpRequest, user: AbstractBaseUser | None,
                **_: Any) -> None:
    if user is not None:
        record(Action.SIGN_OUT, by=user)


def connect_sign_in_events() -> None:
    user_logged_in.connect(_signed_in, dispatch_uid="audit.sign_in")
    user_logged_out.connect(_signed_out, dispatch_uid="audit.sign_out")
