"""API tokens: made on the account's API tokens page and shown once, kept as a hash, revoked
there; a revoked or expired token, or one of a deactivated account, opens nothing."""

from __future__ import annotations

import hashlib
import importlib
from datetime import timedelta
from typing import Any

from django.apps import apps
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from mentora.api.models import ApiToken
from tests.api.conftest import token_for

PAGE = "/account/api-tokens/"


def _bearer(token: str) -> Client:
    return Client(headers={"Authorization": f"Bearer {token}"})


def test_a_token_is_shown_once_and_only_its_hash_is_kept(world: Any, login: Any) -> None:
    client = login(world.alice)
    assert "API tokens" in client.get(reverse("home")).content.decode()
    response = client.post(PAGE, {"name": "nightly export", "expires_on": "", "scopes": ["people"]})
    assert response.status_code == 200
    token = ApiToken.objects.get(user=world.alice)
    shown = response.context["new_token"]
    assert shown in response.content.decode() and response["Cache-Control"] == "no-store"
    assert token.token_hash == hashlib.sha256(shown.encode()).hexdigest()
    assert shown not in str(ApiToken.objects.values_list().get())
    again = client.get(PAGE).content.decode()
    assert "nightly export" in again and shown not in again and token.prefix in again
    assert token.scopes == ["people"] and "<td>people</td>" in again
    listed = _bearer(shown).get("/api/programs")
    assert listed.status_code == 200 and listed.json()["count"] == 1
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_a_token_needs_a_name_and_a_future_end(world: Any, login: Any) -> None:
    client = login(world.alice)
    for data, message in [
        ({"name": "  ", "scopes": ["people"]}, "This field is required"),
        ({"name": "x", "expires_on": timezone.localdate().isoformat(), "scopes": ["people"]},
         "after today"),
        ({"name": "x" * 101, "scopes": ["people"]}, "at most 100"),
        ({"name": "x"}, "Choose at least one part of the API"),
        ({"name": "x", "scopes": ["everything"]}, "not one of the available choices"),
    ]:
        response = client.post(PAGE, data)
        assert response.status_code == 400 and message in response.content.decode(), data
    assert not ApiToken.objects.exists()


def test_a_revoked_token_opens_nothing(world: Any, login: Any) -> None:
    token = token_for(world.alice)
    assert _bearer(token).get("/api/programs").status_code == 200
    row = ApiToken.objects.get()
    response = login(world.alice).post(reverse("revoke_api_token", args=[row.pk]))
    assert response.status_code == 302
    assert _bearer(token).get("/api/programs").status_code == 401
    assert "revoked" in login(world.alice).get(PAGE).content.decode()


def test_nobody_revokes_anothers_token(world: Any, login: Any) -> None:
    token = token_for(world.alice)
    row = ApiToken.objects.get()
    response = login(world.bob).post(reverse("revoke_api_token", args=[row.pk]))
    assert response.status_code == 404
    assert _bearer(token).get("/api/programs").status_code == 200


def test_an_expired_token_opens_nothing(world: Any) -> None:
    token = token_for(world.alice, expires_on=timezone.localdate() + timedelta(days=1))
    assert _bearer(token).get("/api/programs").status_code == 200
    ApiToken.objects.update(expires_on=timezone.localdate())
    assert _bearer(token).get("/api/programs").status_code == 401


def test_a_deactivated_account_gets_nothing(world: Any, login: Any) -> None:
    token = token_for(world.alice)
    session = login(world.alice)
    assert session.get("/api/programs").status_code == 200
    world.alice.is_active = False
    world.alice.save(update_fields=["is_active"])
    assert _bearer(token).get("/api/programs").status_code == 401
    assert session.get("/api/programs").status_code == 401


def test_a_wrong_token_or_scheme_is_a_401(world: Any) -> None:
    token = token_for(world.alice)
    for header in (f"Bearer {token}x", f"Token {token}", "Bearer ", f"Basic {token}"):
        response = Client(headers={"Authorization": header}).get("/api/programs")
        assert response.status_code == 401, header
        assert response.json() == {"detail": "Unauthorized"}


def test_the_browser_reads_with_its_session(world: Any, login: Any) -> None:
    response = login(world.alice).get(f"/api/programs/{world.clerkship.pk}")
    assert response.status_code == 200 and response.json()["name"] == "Clerkship"
    assert Client().get(f"/api/programs/{world.clerkship.pk}").status_code == 401


def test_a_token_reads_only_the_parts_chosen_for_it(world: Any, login: Any) -> None:
    """A roster script's token reads people and programs; the pairs and the survey answers
    answer 403 saying what it lacks; the person's own browser still reads them all."""
    client = login(world.alice)
    roster = _bearer(_made(client, "roster sync", ["people"]))
    assert roster.get("/api/people").status_code == 200
    assert roster.get("/api/programs").status_code == 200
    refused = roster.get("/api/mentorships")
    assert refused.status_code == 403
    assert "may not read pairs, meetings and goals" in refused.json()["detail"]
    assert "roster sync" in refused.json()["detail"]
    answers = roster.get(f"/api/cohorts/{world.cohort.pk}/surveys")
    assert answers.status_code == 403 and "survey instruments" in answers.json()["detail"]
    assert client.get("/api/mentorships").status_code == 200  # the session: every part


def test_tokens_made_before_scopes_keep_reading_every_part(world: Any) -> None:
    ApiToken.objects.create(user=world.alice, name="old", prefix="x", token_hash="h" * 64,
                            created_at=timezone.now())
    importlib.import_module("mentora.api.migrations.0002_apitoken_scopes").every_part(apps, None)
    assert ApiToken.objects.get(name="old").scopes == [
        "people", "relationships", "matching", "surveys"]


def _made(client: Client, name: str, scopes: list[str]) -> str:
    """Make a token on the page, as its owner would, and return it as shown."""
    response = client.post(PAGE, {"name": name, "scopes": scopes})
    assert response.status_code == 200
    return str(response.context["new_token"])
