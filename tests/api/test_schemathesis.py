"""schemathesis against the OpenAPI document, in process (WSGI), once per role: for every
operation, EXAMPLES generated requests (valid ones, ones aimed at the personas' own records,
and invalid ones) must never be a server error, must answer a status and a body the document
declares, and must not succeed without authentication (ignored_auth removes the credentials
and sends a wrong token for each successful call).

It is the slowest check of the API (a minute or two of CPU for every role), so it runs once, on
PostgreSQL, as CI's PostgreSQL run does; on SQLite it skips with that reason.

Rerun: DATABASE_URL=postgres://postgres@127.0.0.1:5432/test \
    .venv/bin/python -m pytest -p no:xdist -q tests/api/test_schemathesis.py
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, connection
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.generation.modes import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    ignored_auth,
    response_schema_conformance,
    status_code_conformance,
)

from mentora.api.models import ApiToken
from mentora.api.tokens import do_revoke_api_token
from mentora.programs.models import Enrolment
from tests.api.conftest import ApiWorld, token_for

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="schemathesis runs once, on PostgreSQL (CI's PostgreSQL run)",
)

EXAMPLES = 20
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance, ignored_auth]
# role -> the persona whose token it uses ("session": Alice's browser session, no token)
ROLES = {
    "admin": "olga", "coordinator": "alice", "other coordinator": "bob", "ended role": "cara",
    "deactivated": "dora", "mentor": "mark", "unassigned mentor": "uma", "mentee": "maya",
    "other program mentee": "fred", "evaluator": "eve", "anonymous": None, "session": "alice",
    "revoked token": "alice", "expired token": "alice",
}


def _known_ids(aw: ApiWorld) -> dict[str, Any]:
    w = aw.w
    return {
        "person_id": w.maya.pk, "program_id": w.clerkship.pk, "cohort_id": w.cohort.pk,
        "enrolment_id": Enrolment.objects.get(person=w.maya).pk, "mentorship_id": w.mark_maya.pk,
        "meeting_id": aw.meeting.pk, "goal_id": aw.goal.pk, "run_id": aw.run.pk,
        "instrument": "canary",
    }


def _credentials(aw: ApiWorld, role: str, client: Any) -> dict[str, Any]:
    who = ROLES[role]
    if who is None:
        return {}
    if role == "session":
        client.force_login(aw.user(who))
        return {"headers": {"Cookie": f"sessionid={client.cookies['sessionid'].value}"}}
    token = token_for(aw.user(who))
    if role == "revoked token":
        do_revoke_api_token(aw.user(who), ApiToken.objects.get().pk, timezone.now())
    if role == "expired token":
        ApiToken.objects.update(expires_on=timezone.localdate())
    return {"headers": {"Authorization": f"Bearer {token}"}}


# Generating cases costs more than sending them, so each operation's cases are generated once
# (with the first role) and the same cases are sent as every role; a case aimed at the personas'
# own records gets the current test's ids.
_CASES: list[tuple[Any, set[str]]] = []


def _generate(schema: Any, known: dict[str, Any]) -> list[tuple[Any, set[str]]]:
    if _CASES:
        return _CASES
    for result in schema.get_all_operations():
        operation = result.ok()
        names = {p.name for p in operation.path_parameters}
        mine = {name: value for name, value in known.items() if name in names}
        ids = set(mine)
        aimed = operation.as_strategy(path_parameters=mine).map(lambda case, ids=ids: (case, ids))
        anything = st.one_of(operation.as_strategy(),
                             operation.as_strategy(generation_mode=GenerationMode.NEGATIVE))
        cases = st.one_of(anything.map(lambda case: (case, set())), aimed)

        @given(pair=cases)
        @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
                  suppress_health_check=list(HealthCheck))
        def collect(pair: tuple[Any, set[str]]) -> None:
            _CASES.append(pair)

        collect()
    return _CASES


@pytest.fixture
def _connection_kept() -> Iterator[None]:
    """Django's WSGI handler closes the database connection after each request, which would
    end the test's transaction on PostgreSQL; Django's own test client keeps it the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.mark.parametrize("role", list(ROLES))
@pytest.mark.usefixtures("_connection_kept")
def test_the_api_holds_up_to_generated_requests(api_world: ApiWorld, client: Any,
                                                role: str) -> None:
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())
    credentials = _credentials(api_world, role, client)
    known = _known_ids(api_world)
    cases = _generate(schema, known)
    for case, aimed in cases:
        case.path_parameters.update({name: known[name] for name in aimed})
        case.call_and_validate(checks=CHECKS, **credentials)
    operations = {case.operation.label for case, _ in cases}
    assert len(operations) == 18 and len(cases) >= len(operations) * EXAMPLES
