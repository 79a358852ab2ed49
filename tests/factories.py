"""Small builders for tests: a program, a cohort, a person, an enrolment, a pair."""

from __future__ import annotations

from datetime import date
from itertools import count

from django.contrib.auth import get_user_model

from mentora.mentorships.models import Mentorship
from mentora.people.ladder import Stage
from mentora.people.models import Person
from mentora.programs.models import Cohort, Enrolment, Program

PASSWORD = "correct-horse-battery"
_serial = count(1)


def make_user(email: str, **extra: object) -> object:
    return get_user_model().objects.create_user(
        username=email, email=email, password=PASSWORD, **extra
    )


def make_person(name: str, stage: Stage = Stage.MS3, with_login: bool = True) -> Person:
    email = f"{name.lower().replace(' ', '.')}@example.edu"
    user = make_user(email) if with_login else None
    return Person.objects.create(full_name=name, email=email, career_stage=int(stage), user=user)


def make_program(name: str, coordinator: object | None = None, **fields: object) -> Program:
    program = Program.objects.create(name=name, slug=f"program-{next(_serial)}", **fields)
    if coordinator is not None:
        program.coordinators.add(coordinator)
    return program


def make_cohort(program: Program, year: str = "2026-27") -> Cohort:
    first = int(year[:4])
    return Cohort.objects.create(
        program=program,
        name=f"{program.name} {year}",
        academic_year=year,
        starts_on=date(first, 7, 1),
        ends_on=date(first + 1, 6, 30),
    )


def enrol(cohort: Cohort, person: Person, role: str = "mentee", capacity: int = 0) -> Enrolment:
    return Enrolment.objects.create(
        cohort=cohort,
        person=person,
        role=role,
        capacity=capacity,
        status=Enrolment.Status.ACTIVE,
        enrolled_on=cohort.starts_on,
    )


def pair(cohort: Cohort, mentor: Person, mentee: Person, role: str = "career") -> Mentorship:
    return Mentorship.objects.create(
        cohort=cohort,
        mentor=mentor,
        mentee=mentee,
        role=role,
        status=Mentorship.Status.ACTIVE,
        started_on=cohort.starts_on,
    )
