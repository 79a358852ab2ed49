"""A small tiered clerkship for the workflow tests: students, interns, upper-level residents."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from mentora.mentorships.actions.status import do_decline
from mentora.mentorships.models import Mentorship
from mentora.people.ladder import Stage
from mentora.people.models import Demographics, Interest, Person
from mentora.programs.models import Cohort, Enrolment, Program, Tier
from tests import factories


@dataclass
class Clerkship:
    program: Program
    cohort: Cohort
    coordinator: Any
    students: list[Person] = field(default_factory=list)
    interns: list[Person] = field(default_factory=list)
    residents: list[Person] = field(default_factory=list)


def interested(person: Person, *specialties: str) -> Person:
    for name in specialties:
        person.specialty_interests.add(Interest.objects.get_or_create(kind="specialty",
                                                                      name=name)[0])
    return person


def enrol(cohort: Cohort, person: Person, role: str = "mentee", capacity: int = 0,
          tier: Tier | None = None) -> Enrolment:
    enrolment = factories.enrol(cohort, person, role, capacity)
    if tier is not None:
        enrolment.tier = tier
        enrolment.save(update_fields=["tier"])
    return enrolment


def tiered_clerkship(coordinator: Any, students: int = 4, prefix: str = "") -> Clerkship:
    """Each student can get one intern and one resident; interests decide who fits whom.
    A prefix names the people apart when a test builds two clerkships."""
    program = factories.make_program("Clerkship", coordinator, kind="tiered",
                                     mentor_max_stage_gap=3)
    cohort = factories.make_cohort(program)
    intern_tier = Tier.objects.create(program=program, name="Intern", min_stage=Stage.PGY1,
                                      max_stage=Stage.PGY1)
    resident_tier = Tier.objects.create(program=program, name="Resident", min_stage=Stage.PGY2,
                                        max_stage=Stage.PGY3)
    world = Clerkship(program, cohort, coordinator)
    topics = ["Cardiology", "Oncology", "Neurology", "Pediatrics"]
    for k in range(students):
        student = interested(factories.make_person(f"{prefix}Student {k}", Stage.MS3),
                             topics[k % 4])
        enrol(cohort, student)
        world.students.append(student)
    for k in range(max(students // 2, 1)):
        intern = interested(factories.make_person(f"{prefix}Intern {k}", Stage.PGY1), topics[k % 4])
        enrol(cohort, intern, "mentor", 2, intern_tier)
        world.interns.append(intern)
        resident = interested(factories.make_person(f"{prefix}Resident {k}", Stage.PGY3),
                              topics[(k + 1) % 4])
        enrol(cohort, resident, "mentor", 2, resident_tier)
        world.residents.append(resident)
    return world


def demographics(person: Person, **values: Any) -> Demographics:
    return Demographics.objects.create(person=person, **values)


def decline(pair: Mentorship, now: datetime) -> None:
    """The mentee declines through mentorships' door, which asks for a re-match."""
    do_decline(pair, pair.mentee, "interests", now)
