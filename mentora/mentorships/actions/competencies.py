"""A program's own competency frameworks, and what mentoring taught the mentors (seed 004)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date, datetime

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from mentora.audit.models import AuditEvent
from mentora.audit.record import record
from mentora.evaluation.stats.suppression import SuppressedTable, suppress_table
from mentora.mentorships.models import (
    Competency,
    Framework,
    MentorGrowth,
    Mentorship,
    competencies_for,
)
from mentora.people.models import Person
from mentora.programs.access import programs_for
from mentora.programs.models import Cohort, Program


class CompetencyError(ValueError):
    """Refused input, with a message saying what and where; nothing was written."""


def _coordinates(user: User, program: Program) -> None:
    if not programs_for(user).filter(pk=program.pk).exists():
        raise CompetencyError("Only this program's coordinators may change its frameworks.")


@transaction.atomic
def do_add_framework(user: User, program: Program, name: str) -> Framework:
    """A program's own framework, empty until its items are added."""
    _coordinates(user, program)
    name = name.strip()
    if not name:
        raise CompetencyError("Framework name: give the framework a name.")
    if Framework.objects.filter(program=program, name__iexact=name).exists():
        raise CompetencyError(f"Framework name: this program already has “{name}”.")
    last = Framework.objects.aggregate(m=Max("position"))["m"] or 0
    framework = Framework.objects.create(program=program, name=name, position=last + 1)
    record(AuditEvent.Action.CREATE, framework, program=program, fields=["name"])
    return framework


@transaction.atomic
def do_add_competency(user: User, framework: Framework, code: str, name: str) -> Competency:
    """An item at the end of a program's own framework; the site-wide ones are not edited."""
    if framework.program is None:
        raise CompetencyError("The site-wide frameworks cannot be changed here.")
    _coordinates(user, framework.program)
    code, name = code.strip(), name.strip()
    if not code or len(code) > 16:
        raise CompetencyError("Code: give a short code (up to 16 characters), e.g. RES1.")
    if not name:
        raise CompetencyError("Name: say what the competency is.")
    if framework.items.filter(code__iexact=code).exists():
        raise CompetencyError(f"Code: {framework.name} already has an item {code}.")
    last = framework.items.aggregate(m=Max("position"))["m"]
    item = Competency.objects.create(
        framework=framework, code=code, name=name, position=0 if last is None else last + 1
    )
    record(AuditEvent.Action.CREATE, item, program=framework.program, fields=["code", "name"])
    return item


@transaction.atomic
def do_record_mentor_growth(
    mentor: Person, cohort: Cohort, on: date, text: str,
    competencies: Sequence[Competency], now: datetime,
) -> MentorGrowth:
    """A mentor's entry: what mentoring taught them, mapped to competency items."""
    if not Mentorship.objects.filter(mentor=mentor, cohort=cohort).exists():
        raise CompetencyError("Only a mentor in this cohort may record what mentoring taught them.")
    text = text.strip()
    if not text:
        raise CompetencyError("What mentoring taught me: write a sentence or two.")
    if on > timezone.localdate(now):  # the day it is where the mentor is
        raise CompetencyError(f"Date: {on:%Y-%m-%d} is in the future.")
    if not competencies:
        raise CompetencyError("Competencies: choose at least one.")
    allowed = set(competencies_for(cohort.program).values_list("pk", flat=True))
    if any(c.pk not in allowed for c in competencies):
        raise CompetencyError("Competencies: choose among this program's frameworks.")
    entry = MentorGrowth.objects.create(
        mentor=mentor, cohort=cohort, on=on, text=text, created_at=now
    )
    entry.competencies.set(competencies)
    record(AuditEvent.Action.CREATE, entry, fields=["on", "text", "competencies"])
    return entry


def growth_table(program: Program, *, threshold: int) -> tuple[list[Competency], SuppressedTable]:
    """Mentors' growth entries counted per competency (columns) per cohort (rows), small
    counts suppressed with their complements, like every small group."""
    items = list(competencies_for(program))
    cohorts = list(program.cohorts.order_by("starts_on", "pk"))
    Through = MentorGrowth.competencies.through
    tally = Counter(
        Through.objects.filter(mentorgrowth__cohort__program=program).values_list(
            "mentorgrowth__cohort_id", "competency_id"
        )
    )
    counts = [[tally[(cohort.pk, item.pk)] for item in items] for cohort in cohorts]
    table = suppress_table(
        counts or [[0] * len(items)], threshold=threshold,
        row_labels=[c.name for c in cohorts] or ["(no cohort)"],
        col_labels=[item.code for item in items],
    )
    return items, table
