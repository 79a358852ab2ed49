"""Enrolment by spreadsheet: all or nothing, every error named, duplicates merged."""

from __future__ import annotations

import pytest
from django.core import mail
from django.utils import timezone

from mentora.people.models import Person
from mentora.programs.actions import do_enrol_participants
from mentora.programs.enrolment_csv import EnrolmentFileError
from mentora.programs.models import Enrolment

GOOD = b"""name,email,career_stage,role,capacity,specialty_interests
Ana Ruiz,ana@example.edu,MS3,mentee,,Cardiology; Internal medicine
Ben Cole,ben@example.edu,PGY-1,mentor,2,Internal medicine
Cara Diaz,cara@example.edu,PGY2,both,1,Oncology
"""

BAD = b"""name,email,career_stage,role
Ana Ruiz,ana@example.edu,MS3,mentee
Ben Cole,ben-at-example.edu,PGY1,mentor
Cara Diaz,cara@example.edu,MS9,mentee
"""


def test_a_good_file_enrols_everyone_and_invites_them(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        result = do_enrol_participants(world.cohort, GOOD, "people.csv", timezone.now())
    assert result.enrolled == 3
    ana = Enrolment.objects.get(cohort=world.cohort, person__email="ana@example.edu")
    assert ana.role == "mentee"
    assert sorted(i.name for i in ana.person.specialty_interests.all()) == [
        "Cardiology",
        "Internal medicine",
    ]
    assert Enrolment.objects.get(person__email="ben@example.edu").capacity == 2
    assert sorted(m.to[0] for m in mail.outbox) == [
        "ana@example.edu",
        "ben@example.edu",
        "cara@example.edu",
    ]
    assert "/invite/" in mail.outbox[0].body


def test_a_bad_file_names_every_error_by_row_and_column_and_writes_nothing(world):
    people_before = Person.objects.count()
    with pytest.raises(EnrolmentFileError) as caught:
        do_enrol_participants(world.cohort, BAD, "people.csv", timezone.now())
    problems = {(e.row, e.column) for e in caught.value.errors}
    assert problems == {(3, "email"), (4, "career_stage")}
    assert "ben-at-example.edu" in str(caught.value)
    assert Person.objects.count() == people_before
    assert not Enrolment.objects.filter(person__email="ana@example.edu").exists()


def test_the_same_email_twice_is_one_person_holding_both_roles(world):
    data = b"""name,email,career_stage,role,capacity
Ivy Intern,IVY@example.edu,PGY1,mentee,
Ivy Intern,ivy@example.edu,PGY1,mentor,2
"""
    do_enrol_participants(world.cohort, data, "people.csv", timezone.now())
    assert Person.objects.filter(email="ivy@example.edu").count() == 1
    enrolment = Enrolment.objects.get(person__email="ivy@example.edu")
    assert (enrolment.role, enrolment.capacity) == ("both", 2)


def test_a_person_already_known_is_reused_not_created_again(world):
    data = f"name,email,career_stage,role\nMaya M,{world.maya.email},MS3,mentee\n".encode()
    result = do_enrol_participants(world.faculty_cohort, data, "people.csv", timezone.now())
    assert (result.created_people, result.merged_people) == (0, 1)
    assert world.maya.enrolments.count() == 2


@pytest.mark.parametrize(
    ("data", "column"),
    [
        (b"name,career_stage,role\nA,MS3,mentee\n", "email"),
        (b"name,email,career_stage,role\nA,a@x.edu,MS3,boss\n", "role"),
        (b"name,email,career_stage,role,capacity\nA,a@x.edu,PGY2,mentor,lots\n", "capacity"),
        (b"name,email,career_stage,role,tier\nA,a@x.edu,PGY2,mentor,Chiefs\n", "tier"),
        (b"name,email,career_stage,role\n", "-"),
    ],
)
def test_each_kind_of_bad_cell_is_named(world, data: bytes, column: str):
    with pytest.raises(EnrolmentFileError) as caught:
        do_enrol_participants(world.cohort, data, "people.csv", timezone.now())
    assert column in {e.column for e in caught.value.errors}
