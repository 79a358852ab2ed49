"""The firewall between formative feedback and summative assessment (issue 14, item 8).

A program may keep its feedback formative only: its observations then reach the learner and
the observer and nobody else, not even as the evaluators' aggregates, and no summative export
holds them. A program names its summative assessors (a designation per program, not the
evaluator role); an observation entered by one of them, of a learner in that program, is
flagged (`with_assessor_flag`) wherever it is shown or exported.

Every write is a named door here, checked and audited in one transaction.
"""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet

from mentora.audit.record import Action, record
from mentora.feedback.models import FeedbackPolicy, MiniCex, SummativeAssessor
from mentora.people.models import Person
from mentora.programs.access import programs_for
from mentora.programs.models import Program


class FirewallError(ValueError):
    """Refused input, with a message saying what and where; nothing was written."""


def is_formative_only(program_id: int) -> bool:
    return FeedbackPolicy.objects.filter(program_id=program_id, formative_only=True).exists()


def formative_only_programs() -> QuerySet[FeedbackPolicy, int]:
    """The ids of the programs whose feedback is formative only (for `program__in=`)."""
    return FeedbackPolicy.objects.filter(formative_only=True).values_list("program_id", flat=True)


def summative(observations: QuerySet[MiniCex]) -> QuerySet[MiniCex]:
    """What an evaluator's aggregate or a summative export may count: formative-only
    programs' observations left out."""
    return observations.exclude(mentorship__cohort__program__in=formative_only_programs())


def with_assessor_flag(observations: QuerySet[MiniCex]) -> QuerySet[MiniCex]:
    """Each observation with `by_assessor`: its observer is a summative assessor of the
    program the learner is observed in (one subquery, no query per row)."""
    named = SummativeAssessor.objects.filter(
        program=OuterRef("mentorship__cohort__program"), person=OuterRef("observer")
    )
    return observations.annotate(by_assessor=Exists(named))


def is_by_assessor(observation: MiniCex) -> bool:
    flagged = getattr(observation, "by_assessor", None)
    if flagged is None:
        flagged = SummativeAssessor.objects.filter(
            program_id=observation.mentorship.cohort.program_id,
            person_id=observation.observer_id,
        ).exists()
    return bool(flagged)


def assessors_of(program: Program) -> QuerySet[SummativeAssessor]:
    return SummativeAssessor.objects.filter(program=program).select_related("person")


def _coordinates(user: User, program: Program) -> None:
    if not programs_for(user).filter(pk=program.pk).exists():
        raise FirewallError("Only this program's coordinators may change its feedback policy.")


@transaction.atomic
def do_set_formative_only(user: User, program: Program, formative_only: bool,
                          now: datetime) -> FeedbackPolicy:
    """Marks the program's feedback formative only (or not)."""
    _coordinates(user, program)
    policy, _ = FeedbackPolicy.objects.select_for_update().get_or_create(
        program=program, defaults={"updated_at": now}
    )
    policy.formative_only = formative_only
    policy.updated_at = now
    policy.save(update_fields=["formative_only", "updated_at"])
    record(Action.UPDATE, policy, program=program, fields=["formative_only"],
           note="formative only" if formative_only else "formative and summative")
    return policy


@transaction.atomic
def do_name_assessor(user: User, program: Program, email: str, now: datetime
                     ) -> SummativeAssessor:
    """Names a person enrolled in the program (found by email) a summative assessor of it."""
    _coordinates(user, program)
    email = email.strip()
    if not email:
        raise FirewallError("Email: give the assessor's email.")
    person = Person.objects.filter(
        email__iexact=email, enrolments__cohort__program=program
    ).distinct().first()
    if person is None:
        raise FirewallError(f"Email: nobody enrolled in {program.name} has the email {email}.")
    if SummativeAssessor.objects.filter(program=program, person=person).exists():
        raise FirewallError(f"Email: {person.full_name} is already a summative assessor here.")
    assessor = SummativeAssessor.objects.create(program=program, person=person, named_at=now)
    record(Action.CREATE, assessor, program=program, fields=["person"])
    return assessor


@transaction.atomic
def do_remove_assessor(user: User, program: Program, assessor_id: int) -> None:
    """Takes the designation back; observations they entered are no longer flagged."""
    _coordinates(user, program)
    assessor = SummativeAssessor.objects.filter(program=program, pk=assessor_id).first()
    if assessor is None:
        raise FirewallError("That person is not a summative assessor of this program.")
    record(Action.DELETE, assessor, program=program, fields=["person"])
    assessor.delete()
