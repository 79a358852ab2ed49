"""A coding project in Alice's clerkship cohort: the baseline survey's comments (Maya, Nina and
an anonymous respondent), Eve (lead) and Fay coding, Bob and Mark kept out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from mentora.people.ladder import Stage
from mentora.people.models import Person
from mentora.qualitative.actions import do_add_coder, do_create_project, do_import_comments
from mentora.qualitative.models import Project
from mentora.surveys.actions import do_create_wave
from mentora.surveys.library import ensure_library
from mentora.surveys.models import Answer, Respondent, Response, Wave
from tests import factories
from tests.conftest import World

COMMENTS = {
    "maya": "My mentor made time every week 😀 and that helped.\r\nBut finding a room was hard.",
    "nina": "Too little protected time; the checklist was useful.",
    "anon": "Great program.",
}


def evaluator(name: str) -> Person:
    person = factories.make_person(name, Stage.ASSOCIATE_PROFESSOR)
    person.is_evaluator = True
    person.save(update_fields=["is_evaluator"])
    return person


def answer(wave: Wave, respondent: Respondent | None, record_id: str, text: str) -> Response:
    items = {item.variable: item for item in wave.instrument.items.all()}
    response = Response.objects.create(
        wave=wave, respondent=respondent, record_id=record_id,
        status=Response.Status.SUBMITTED, submitted_at=timezone.now(),
    )
    Answer.objects.create(response=response, item=items["comments"], value=text)
    return response


@dataclass
class Qda:
    world: World
    project: Project
    eve: Person  # lead coder
    fay: Person  # coder
    wave: Wave


@pytest.fixture
def qda(world: World) -> Qda:
    now = timezone.now()
    library = ensure_library(now)
    today = timezone.localdate()
    wave = do_create_wave(world.cohort, library["clerkship_survey"], "Baseline",
                          today - timedelta(days=20), today + timedelta(days=10), now)
    for person in (world.maya, world.nina):
        owner = person.full_name.split()[0].lower()
        respondent = Respondent.objects.create(cohort=world.cohort, person=person,
                                               record_id=f"r{person.pk}")
        answer(wave, respondent, respondent.record_id, COMMENTS[owner])
    answer(wave, None, "anon-1", COMMENTS["anon"])
    project = do_create_project(world.cohort, "Narrative comments", world.alice, now)
    eve, fay = evaluator("Eve Evaluator"), evaluator("Fay Coder")
    do_add_coder(project, eve, now, is_lead=True)
    do_add_coder(project, fay, now)
    do_import_comments(project, ["comments"], now)
    return Qda(world, project, eve, fay, wave)


def sign_in(client: Any, who: Any) -> Any:
    client.force_login(getattr(who, "user", None) or who)
    return client
