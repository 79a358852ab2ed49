"""What a project's exports black out: its own list of words (services, rotations, places) and,
unless the project says otherwise, the names of its cohort's people."""

from __future__ import annotations

import re

from mentora.people.models import Person
from mentora.qualitative.models import Project
from mentora.qualitative.pure.redaction import name_parts, pattern


def redaction_for(project: Project) -> re.Pattern[str] | None:
    names: list[str] = []
    if project.redact_names:
        names = list(Person.objects.filter(enrolments__cohort=project.cohort)
                     .values_list("full_name", flat=True).distinct())
    return pattern(project.redactions.splitlines(), name_parts(names))
