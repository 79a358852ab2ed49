"""What the fuzzer needs to reach the coding pages' forms (issue 15): a lead coder, and a project
of Alice's cohort with transcripts, a code and a sampled unit the two coders disagree on."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.urls import reverse

from mentora.people.ladder import Stage
from mentora.people.models import Person
from mentora.qualitative import actions as qda
from mentora.qualitative.models import Project
from tests import factories

PROJECT = "Fuzzed comments"
LEAD = "Eve Evaluator"


def _evaluator(name: str) -> Person:
    person = factories.make_person(name, Stage.ASSOCIATE_PROFESSOR)
    person.is_evaluator = True
    person.save(update_fields=["is_evaluator"])
    return person


def qda_lead(w: Any) -> Person:
    return _evaluator(LEAD)


def project_of(s: Any) -> Project:
    found = Project.objects.filter(name=PROJECT).first()
    if found is not None:
        return found
    project = qda.do_create_project(s.w.cohort, PROJECT, s.w.alice, s.now)
    code = qda.do_create_code(project, "Time", s.now)
    for i in range(3):
        qda.do_add_transcript(project, "interview", f"talk-{i}.txt", "P1: Time was short.", s.now)
    lead = Person.objects.filter(full_name=LEAD).first()
    if lead is not None:
        other = _evaluator("Fay Coder")
        qda.do_add_coder(project, lead, s.now, is_lead=True)
        qda.do_add_coder(project, other, s.now)
        sample = qda.do_draw_sample(project, 25, [lead, other], s.now, seed=1)
        unit = sample.sources.get()
        qda.do_apply_code(unit, code, lead, s.now)
        qda.do_mark_coded(unit, other, s.now)
    return project


def page(name: str) -> Callable[[Any], str]:
    """The URL of a coding page of the fuzzed project (its first source for the coding page)."""
    def url(s: Any) -> str:
        project = project_of(s)
        if name == "qda_source":
            return reverse(name, args=[project.pk, project.sources.order_by("pk").first().pk])
        return reverse(name, args=[project.pk])

    return url
