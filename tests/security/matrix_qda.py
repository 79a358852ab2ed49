"""The matrix world's coding projects (issue 15): one in program A, where Eve is the lead
coder and Xavier (whose evaluator right ended yesterday) still has his coder row, and one in
program B with no coder. Each holds a transcript; A's words carry the canary `qdatext`, which
only a coder may read."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from mentora.people.models import Person
from mentora.programs.models import Cohort
from mentora.qualitative.actions import (
    do_add_coder,
    do_add_transcript,
    do_create_code,
    do_create_project,
)
from mentora.qualitative.models import Coder, Source


def build_qda(mark: Any, cohort_a: Cohort, cohort_b: Cohort, alice: Any, bob: Any, eve: Person,
              xavier: Person) -> dict[str, tuple[Any, Source]]:
    now = timezone.now()
    found = {}
    for rel, cohort, coordinator in (("own", cohort_a, alice), ("other", cohort_b, bob)):
        project = do_create_project(cohort, f"Focus groups {rel}", coordinator, now)
        do_create_code(project, "Time", now)
        words = mark("qdatext", "eve") if rel == "own" else "no canary here"
        source = do_add_transcript(project, Source.Kind.FOCUS_GROUP, f"group-{rel}.txt",
                                   f"Moderator: Why?\nMentor A: {words}", now)
        found[rel] = (project, source)
    own = found["own"][0]
    do_add_coder(own, eve, now, is_lead=True)
    Coder.objects.create(project=own, person=xavier, is_lead=True, added_at=now)
    return found
