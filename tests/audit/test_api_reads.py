"""The auditor finds the API's reads on /audit/ and in its CSV, filtered to them by "Through",
each with the operation, the rows and the token by name in words."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from mentora.api.tokens import do_create_api_token
from mentora.audit.record import Action, record
from mentora.audit.rights import make_auditor
from tests import factories


def test_the_auditor_filters_the_trail_to_the_apis_reads(world: Any, client: Client) -> None:
    _, raw = do_create_api_token(world.alice, "roster sync", None, timezone.now())
    script = Client(headers={"Authorization": f"Bearer {raw}"})
    assert script.get(f"/api/people?program={world.clerkship.pk}").status_code == 200
    record(Action.READ, world.maya, by=world.maya, note="on the profile page")
    auditor = User.objects.create_user("ida@example.edu", "ida@example.edu", factories.PASSWORD)
    make_auditor(auditor)
    client.force_login(auditor)

    def shown(query: str) -> str:
        return client.get("/audit/" + query).content.decode().split("<tbody>")[1]

    api = shown("?through=api&action=read")
    assert "list of people" in api and "alice@example.edu" in api
    assert "API list_people: 3 of 3 people (limit 50, offset 0)" in api
    assert f"filters: program={world.clerkship.pk}; token &#x27;roster sync&#x27;" in api
    assert "on the profile page" not in api
    other = shown("?through=other&action=read")
    assert "on the profile page" in other and "list_people" not in other
    rows = list(csv.DictReader(io.StringIO(
        client.get("/audit/events.csv?through=api").content.decode())))
    assert [(r["object_type"], r["path"], r["program_id"]) for r in rows] == [
        ("people.person", "/api/people", str(world.clerkship.pk))]
    assert "token 'roster sync'" in rows[0]["note"]
