"""The API's personas, on top of the shared `world` (Alice coordinates the Clerkship, Bob the
Faculty program, Mark mentors Maya and Nina, Olga is a site admin), with what each reads:

- Cara's coordinator role in the Clerkship ended yesterday; Dora's account is deactivated
  (she coordinates the Clerkship); Eve is an evaluator; Uma mentors in the Clerkship with no
  pair; Fred is a mentee of the Faculty program.
- Mark and Maya held a meeting with GROW notes, Mark's private note and Maya's reflection, each
  carrying a canary; Mark's group meeting with Maya and Nina; a goal of Mark and Maya; a match
  run of the Clerkship; a REDCap import into the Clerkship with canaries in free text and in an
  identifier.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from mentora.api.tokens import do_create_api_token
from mentora.matching.models import MatchRun
from mentora.mentorships.actions import (
    MeetingDetails,
    do_log_meeting,
    do_reflect,
    do_write_private_note,
)
from mentora.mentorships.actions.goals import do_set_goal
from mentora.mentorships.models import Goal, Meeting
from mentora.people.ladder import Stage
from mentora.programs.models import ProgramCoordinator
from mentora.surveys.interchange.csvio import write_rows
from mentora.surveys.redcap import do_import_redcap
from tests import factories
from tests.surveys.pure.test_tiers import FREE_CANARY, ID_CANARY, _instrument

NOTES_CANARY = "CANARY-grow-notes-c41d"
PRIVATE_CANARY = "CANARY-private-note-9e2b"
REFLECTION_CANARY = "CANARY-reflection-1a7f"
NINA_REFLECTION = "CANARY-nina-reflection-66b0"
HELD_ON = date(2026, 9, 15)
NOW = datetime(2026, 11, 21, 15, 0, tzinfo=UTC)


@dataclass
class ApiWorld:
    w: Any
    cara: Any
    dora: Any
    eve: Any
    uma: Any
    fred: Any
    meeting: Meeting
    group_meeting: Meeting
    goal: Goal
    run: MatchRun

    def user(self, who: str) -> Any:
        """The account of a persona by name (people's accounts through their person)."""
        found = getattr(self, who, None) or getattr(self.w, who)
        return getattr(found, "user", None) or found


def _held(world: Any, pairs: list[Any], **notes: str) -> Meeting:
    details = MeetingDetails(on=HELD_ON, **notes)
    return do_log_meeting(pairs, details, world.mark, NOW)


@pytest.fixture
def api_world(world: Any) -> ApiWorld:
    yesterday = timezone.localdate() - timedelta(days=1)
    cara = factories.make_user("cara@example.edu")
    ProgramCoordinator.objects.create(program=world.clerkship, user=cara, expires_on=yesterday)
    dora = factories.make_user("dora@example.edu")
    world.clerkship.coordinators.add(dora)
    eve = factories.make_person("Eve Evaluator", Stage.ASSISTANT_PROFESSOR)
    eve.is_evaluator = True
    eve.save(update_fields=["is_evaluator"])
    uma = factories.make_person("Uma Unassigned", Stage.PGY3)
    factories.enrol(world.cohort, uma, "mentor", capacity=2)
    fred = factories.make_person("Fred Faculty", Stage.ASSISTANT_PROFESSOR)
    factories.enrol(world.faculty_cohort, fred)

    meeting = _held(world, [world.mark_maya], goal=NOTES_CANARY)
    do_write_private_note(meeting, world.mark, PRIVATE_CANARY, NOW)
    do_reflect(meeting, world.maya, REFLECTION_CANARY, "", NOW)
    group = _held(world, [world.mark_maya, world.mark_nina])
    do_reflect(group, world.nina, NINA_REFLECTION, "", NOW)
    goal = do_set_goal(world.mark_maya, world.maya, NOW, specific="Five shoulder reductions",
                       target_count=5, unit="reductions")
    run = MatchRun.objects.create(
        cohort=world.cohort, number=1, created_at=NOW, status=MatchRun.Status.DONE,
        snapshot={"problem": {"mentees": [{"id": "1", "group": "CANARY-group-5b1e"}]}},
        result={"pairs": [{"mentee": str(world.maya.pk), "mentor": str(world.mark.pk),
                           "score": 0.8, "slot": "", "fixed": False, "components": {},
                           "explanation": ""}]},
    )
    from mentora.surveys import interchange as ix

    records = write_rows([
        ["record_id", "email", "seen_on", "score", "comment", "survey_complete"],
        ["r1", ID_CANARY, "2026-03-10", "4", FREE_CANARY, "2"],
        ["r2", "nina@example.org", "2026-03-12", "2", "", "2"],
    ])
    do_import_redcap(world.cohort, ix.dictionary_to_csv(_instrument()), records, NOW,
                     name="canary")
    dora.is_active = False  # last: a deactivated account, with its coordinator role kept
    dora.save(update_fields=["is_active"])
    return ApiWorld(world, cara, dora, eve, uma, fred, meeting, group, goal, run)


def token_for(user: Any, expires_on: date | None = None) -> str:
    return do_create_api_token(user, "tests", expires_on, timezone.now())[1]


@pytest.fixture
def api_as(api_world: ApiWorld) -> Any:
    """A client that calls the API as a persona with a fresh token ("anonymous": none)."""

    def call(who: str) -> Client:
        if who == "anonymous":
            return Client()
        token = token_for(api_world.user(who))
        return Client(headers={"Authorization": f"Bearer {token}"})

    return call
