"""Reads through the API leave one audit event per answered request, as the pages' reads do:
who, with which token (never the token itself), what was asked and how many rows came back.
A refused request (401, 404, 422) leaves none."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.utils import timezone

from mentora.api.tokens import do_create_api_token
from mentora.audit.models import AuditEvent
from mentora.audit.record import Action
from tests.api.conftest import ApiWorld


def _script(user: Any, name: str = "nightly survey pull") -> tuple[Client, str, int]:
    token, raw = do_create_api_token(user, name, None, timezone.now())
    return Client(headers={"Authorization": f"Bearer {raw}"}), raw, token.pk


def _api_events() -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(path__startswith="/api/"))


def test_a_token_reading_survey_answers_leaves_one_event_naming_it(api_world: ApiWorld) -> None:
    w = api_world.w
    client, raw, token_id = _script(w.alice)
    response = client.get(f"/api/cohorts/{w.cohort.pk}/surveys/canary")
    assert response.status_code == 200
    rows = len(response.json()["records"])
    [event] = _api_events()
    assert event.action == Action.EXPORT
    assert (event.actor_id, event.object_type, event.object_id) == (
        w.alice.pk, "programs.cohort", str(w.cohort.pk))
    assert event.program_id == w.clerkship.pk
    tier = response.json()["tier"]
    assert f"tier {tier}" in event.note
    assert f"{rows} records" in event.note and rows == 2
    assert f"token 'nightly survey pull' (#{token_id})" in event.note
    assert raw not in event.note and raw[:8] not in str(event.__dict__)


def test_refused_reads_leave_nothing(api_world: ApiWorld) -> None:
    """Another program's cohort (404), a bad id (422), no token (401), an unknown
    instrument (404)."""
    w = api_world.w
    client, _, _ = _script(w.alice)
    assert client.get(f"/api/cohorts/{w.faculty_cohort.pk}/surveys/canary").status_code == 404
    assert client.get(f"/api/cohorts/{w.cohort.pk}/surveys/nothing").status_code == 404
    assert client.get(f"/api/people/{api_world.fred.pk}").status_code == 404
    assert client.get("/api/people?limit=0").status_code == 422
    assert Client().get("/api/people").status_code == 401
    assert _api_events() == []


def test_a_list_read_is_one_event_with_its_filters_page_and_rows(api_world: ApiWorld) -> None:
    w = api_world.w
    client, _, token_id = _script(w.alice, "roster sync")
    response = client.get(f"/api/people?cohort={w.cohort.pk}&limit=2&offset=1")
    body = response.json()
    assert response.status_code == 200 and len(body["items"]) == 2 and body["count"] == 4
    [event] = _api_events()
    assert event.action == Action.READ
    assert (event.object_type, event.object_id, event.object_label) == (
        "people.person", "", "list of people")
    assert event.program_id == w.clerkship.pk  # the program of the cohort asked for
    assert "list_people: 2 of 4 people (limit 2, offset 1)" in event.note
    assert f"filters: cohort={w.cohort.pk}" in event.note
    assert f"token 'roster sync' (#{token_id})" in event.note


def test_one_object_read_names_it_and_programs_are_not_logged(api_world: ApiWorld,
                                                              api_as: Any) -> None:
    w = api_world.w
    client, _, _ = _script(w.alice)
    assert client.get(f"/api/enrolments?person={w.maya.pk}").status_code == 200
    assert client.get(f"/api/mentorships/{w.mark_maya.pk}").status_code == 200
    assert client.get("/api/programs").status_code == 200  # no personal data: not logged
    assert client.get(f"/api/cohorts/{w.cohort.pk}").status_code == 200
    one, many = sorted(_api_events(), key=lambda e: e.object_id)
    assert (one.object_type, one.object_id, one.program_id) == (
        "programs.enrolment", "", None)
    assert "1 of 1 enrolments" in one.note and f"person={w.maya.pk}" in one.note
    assert (many.object_type, many.object_id, many.program_id) == (
        "mentorships.mentorship", str(w.mark_maya.pk), w.clerkship.pk)
    assert many.note.startswith("API get_mentorship;")


def test_a_meeting_read_by_session_says_so(api_world: ApiWorld, client: Client) -> None:
    """The browser's session reads the meeting: the meeting's event says "browser session";
    the private note shown has its own event, as on the meeting's page."""
    client.force_login(api_world.w.mark.user)
    assert client.get(f"/api/meetings/{api_world.meeting.pk}").status_code == 200
    events = {e.object_type: e for e in _api_events()}
    assert set(events) == {"mentorships.meeting", "mentorships.privatenote"}
    meeting = events["mentorships.meeting"]
    assert meeting.object_id == str(api_world.meeting.pk)
    assert meeting.program_id == api_world.w.clerkship.pk
    assert meeting.note == "API get_meeting; browser session"


def test_a_long_token_name_and_every_filter_still_name_the_token(api_world: ApiWorld) -> None:
    """The note holds 300 characters: the filters are cut short, never the token's name and id
    (they came last and were cut off: a 100-character name and a national program's ids)."""
    w = api_world.w
    name = ("Nightly enrolment sync for the clerkship's dashboard, run by the office of "
            "medical education (prod).")
    assert len(name) == 100
    client, _, token_id = _script(w.alice, name)
    asked = (f"program={w.clerkship.pk}&cohort={w.cohort.pk}&person=2147483647&role=mentee"
             "&status=withdrawn&enrolled_after=2000-01-01&enrolled_before=2099-12-31")
    response = client.get(f"/api/enrolments?{asked}")
    assert response.status_code == 200 and response.json()["count"] == 0
    [event] = _api_events()
    assert event.note.startswith("API list_enrolments: 0 of 0 enrolments (limit 50, offset 0)")
    assert "person=2147483647" in event.note
    assert event.note.endswith(f"; token {name!r} (#{token_id})")
