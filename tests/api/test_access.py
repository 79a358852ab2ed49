"""What each persona reads through the API, written by hand from the pages' rules (never from
the code it checks): a list names who or what it holds, an id out of reach is a 404, an
anonymous caller and a deactivated account get 401 everywhere, and an expired coordinator role
reaches nothing."""

from __future__ import annotations

from typing import Any

import pytest

from mentora.programs.models import Enrolment, ProgramCoordinator
from tests.api.conftest import (
    FREE_CANARY,
    ID_CANARY,
    NINA_REFLECTION,
    NOTES_CANARY,
    PRIVATE_CANARY,
    REFLECTION_CANARY,
    ApiWorld,
)

PERSONAS = ["olga", "alice", "bob", "cara", "dora", "mark", "maya", "nina", "uma", "fred", "eve",
            "anonymous"]
OUT = {"dora": 401, "anonymous": 401}  # no list for these: every operation answers 401

# list operation -> persona -> the names it lists (personas missing from a row list nothing)
LISTS: dict[str, dict[str, set[str]]] = {
    "people": {
        "olga": {"mark", "maya", "nina", "uma", "fred", "eve"},
        "alice": {"mark", "maya", "nina", "uma"},
        "bob": {"fred"},
        "mark": {"mark", "maya", "nina"},
        "maya": {"maya", "mark"},
        "nina": {"nina", "mark"},
        "uma": {"uma"}, "fred": {"fred"}, "eve": {"eve"},
    },
    "programs": {"olga": {"clerkship", "faculty"}, "alice": {"clerkship"}, "bob": {"faculty"}},
    "cohorts": {"olga": {"cohort", "faculty_cohort"}, "alice": {"cohort"},
                "bob": {"faculty_cohort"}},
    "enrolments": {"olga": {"mark", "maya", "nina", "uma", "fred"},
                   "alice": {"mark", "maya", "nina", "uma"}, "bob": {"fred"}},
    "mentorships": {"olga": {"mark_maya", "mark_nina"}, "alice": {"mark_maya", "mark_nina"},
                    "mark": {"mark_maya", "mark_nina"}, "maya": {"mark_maya"},
                    "nina": {"mark_nina"}},
    # coordinators count meetings on their pages, never open them
    "meetings": {"mark": {"meeting", "group_meeting"}, "maya": {"meeting", "group_meeting"},
                 "nina": {"group_meeting"}},
    "goals": {"mark": {"goal"}, "maya": {"goal"}},
    "match-runs": {"olga": {"run"}, "alice": {"run"}},
}

# one object -> the personas it answers 200 to (everyone else signed in: 404)
DETAILS: dict[str, set[str]] = {
    "people/{maya}": {"olga", "alice", "mark", "maya"},
    "programs/{clerkship}": {"olga", "alice"},
    "cohorts/{cohort}": {"olga", "alice"},
    "enrolments/{maya_enrolment}": {"olga", "alice"},
    "mentorships/{mark_maya}": {"olga", "alice", "mark", "maya"},
    "meetings/{meeting}": {"mark", "maya"},
    "meetings/{group_meeting}": {"mark", "maya", "nina"},
    "goals/{goal}": {"mark", "maya"},
    "match-runs/{run}": {"olga", "alice"},
    "cohorts/{cohort}/surveys": {"olga", "alice"},
    "cohorts/{cohort}/surveys/canary": {"olga", "alice"},
}


def _names(aw: ApiWorld) -> dict[str, dict[int, str]]:
    w = aw.w
    people = {p.pk: n for n, p in [("mark", w.mark), ("maya", w.maya), ("nina", w.nina),
                                   ("uma", aw.uma), ("fred", aw.fred), ("eve", aw.eve)]}
    enrolments = {e.pk: people[e.person_id] for e in Enrolment.objects.all()}
    return {
        "people": people,
        "programs": {w.clerkship.pk: "clerkship", w.faculty.pk: "faculty"},
        "cohorts": {w.cohort.pk: "cohort", w.faculty_cohort.pk: "faculty_cohort"},
        "enrolments": enrolments,
        "mentorships": {w.mark_maya.pk: "mark_maya", w.mark_nina.pk: "mark_nina"},
        "meetings": {aw.meeting.pk: "meeting", aw.group_meeting.pk: "group_meeting"},
        "goals": {aw.goal.pk: "goal"},
        "match-runs": {aw.run.pk: "run"},
    }


def _ids(aw: ApiWorld) -> dict[str, int]:
    w = aw.w
    return {
        "maya": w.maya.pk, "clerkship": w.clerkship.pk, "cohort": w.cohort.pk,
        "maya_enrolment": Enrolment.objects.get(person=w.maya).pk, "mark_maya": w.mark_maya.pk,
        "meeting": aw.meeting.pk, "group_meeting": aw.group_meeting.pk, "goal": aw.goal.pk,
        "run": aw.run.pk,
    }


@pytest.mark.parametrize("who", PERSONAS)
def test_each_persona_reads_what_the_pages_show_them(api_world: ApiWorld, api_as: Any,
                                                     who: str) -> None:
    client = api_as(who)
    names = _names(api_world)
    wrong = []
    for kind, rows in LISTS.items():
        response = client.get(f"/api/{kind}")
        if who in OUT:
            got: Any = response.status_code
            expected: Any = OUT[who]
        else:
            assert response.status_code == 200, (kind, response.content)
            got = {names[kind].get(item["id"], item["id"]) for item in response.json()["items"]}
            expected = rows.get(who, set())
        if got != expected:
            wrong.append((kind, got, expected))
    ids = _ids(api_world)
    for path, readers in DETAILS.items():
        response = client.get("/api/" + path.format(**ids))
        expected = OUT.get(who, 200 if who in readers else 404)
        if response.status_code != expected:
            wrong.append((path, response.status_code, expected))
    assert wrong == []


def _text(client: Any, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.content
    return response.content.decode()


def test_a_meetings_notes_reach_whom_its_page_shows_them_to(api_world: ApiWorld,
                                                           api_as: Any) -> None:
    """Mark reads his private note, the GROW notes and Maya's reflection; Maya the notes and
    her reflection, never Mark's private note; at the group meeting Maya never reads Nina's
    reflection, which Mark reads."""
    one = f"/api/meetings/{api_world.meeting.pk}"
    group = f"/api/meetings/{api_world.group_meeting.pk}"
    mark = api_as("mark")
    text = _text(mark, one)
    assert all(c in text for c in (PRIVATE_CANARY, NOTES_CANARY, REFLECTION_CANARY))
    assert NINA_REFLECTION in _text(mark, group)
    maya = api_as("maya")
    text = _text(maya, one)
    assert NOTES_CANARY in text and REFLECTION_CANARY in text and PRIVATE_CANARY not in text
    assert NINA_REFLECTION not in _text(maya, group)
    assert NINA_REFLECTION in _text(api_as("nina"), group)
    listed = _text(mark, "/api/meetings")
    assert not any(c in listed for c in (PRIVATE_CANARY, NOTES_CANARY, REFLECTION_CANARY))


def test_a_runs_snapshot_stays_out(api_world: ApiWorld, api_as: Any) -> None:
    alice = api_as("alice")
    for url in ("/api/match-runs", f"/api/match-runs/{api_world.run.pk}"):
        assert "CANARY-group" not in _text(alice, url)
    pair = alice.get(f"/api/match-runs/{api_world.run.pk}").json()["pairs"][0]
    assert (pair["mentee_id"], pair["mentor_id"]) == (api_world.w.maya.pk, api_world.w.mark.pk)


@pytest.mark.parametrize(("right", "status", "seen", "hidden"), [
    ("none", 403, set(), {FREE_CANARY, ID_CANARY, "r1"}),
    ("deidentified", 200, {"score"}, {FREE_CANARY, ID_CANARY, "r1", "r2"}),
    ("identifiers_removed", 200, {FREE_CANARY, "r1"}, {ID_CANARY}),
    ("full", 200, {FREE_CANARY, ID_CANARY, "r1"}, set()),
])
def test_survey_answers_come_in_the_readers_export_tier(
    api_world: ApiWorld, api_as: Any, right: str, status: int, seen: set[str], hidden: set[str]
) -> None:
    ProgramCoordinator.objects.filter(user=api_world.w.alice).update(export_right=right)
    client = api_as("alice")
    url = f"/api/cohorts/{api_world.w.cohort.pk}/surveys"
    listed = client.get(url).json()
    assert listed["tier"] == right
    assert listed["instruments"] == ([] if right == "none" else ["canary"])
    response = client.get(f"{url}/canary")
    assert response.status_code == status
    text = response.content.decode()
    assert all(s in text for s in seen) and not any(h in text for h in hidden)
    if right == "deidentified":
        records = response.json()["records"]
        assert [r["score"] for r in records] == ["4", "2"]
        assert all(len(r["record_id"]) == 20 for r in records)  # hashed, per export


def test_reading_ones_private_note_through_the_api_is_logged(api_world: ApiWorld,
                                                             api_as: Any) -> None:
    """As on the meeting's page: the author's read of their private note is an audit event,
    and a reader who gets no private note leaves none."""
    from mentora.audit.models import AuditEvent

    url = f"/api/meetings/{api_world.meeting.pk}"
    assert api_as("maya").get(url).status_code == 200
    assert not AuditEvent.objects.filter(action="read", object_type="mentorships.privatenote")
    assert api_as("mark").get(url).status_code == 200
    [event] = AuditEvent.objects.filter(action="read", object_type="mentorships.privatenote")
    assert event.actor_id == api_world.w.mark.user_id and event.path == url
