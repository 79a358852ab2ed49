"""The pages a coordinator, a mentor and a mentee use first."""

from __future__ import annotations

from datetime import UTC, date, datetime

import time_machine
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from mentora.people.models import Demographics, Person
from mentora.programs.models import Enrolment


def test_home_fits_the_role(world, login):
    mentee_home = login(world.maya).get(reverse("home")).content.decode()
    assert "My mentors" in mentee_home and "Mark Mentor" in mentee_home
    assert "My mentees" not in mentee_home
    mentor_home = login(world.mark).get(reverse("home")).content.decode()
    assert "My mentees" in mentor_home and "Maya Mentee" in mentor_home
    coordinator_home = login(world.alice).get(reverse("home")).content.decode()
    assert "Programs I coordinate" in coordinator_home and "Clerkship" in coordinator_home
    assert "Faculty" not in coordinator_home


def test_coordinator_home_counts_enrolments(world, login):
    page = login(world.alice).get(reverse("home"))
    row = next(p for p in page.context["programs"] if p.pk == world.clerkship.pk)
    assert (row.mentees, row.mentors) == (2, 1)


def test_uploading_a_bad_spreadsheet_shows_each_problem_and_enrols_nobody(world, login):
    data = b"name,email,career_stage,role\nA B,not-an-email,MS3,mentee\nC D,c@x.edu,MS9,mentee\n"
    response = login(world.alice).post(
        reverse("cohort_upload", args=[world.cohort.pk]),
        {"participants": SimpleUploadedFile("people.csv", data, "text/csv")},
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "Nothing was enrolled" in text
    assert "Row 2, column <code>email</code>" in text
    assert "Row 3, column <code>career_stage</code>" in text
    assert not Person.objects.filter(email="c@x.edu").exists()


def test_uploading_a_good_spreadsheet_lists_the_people_in_the_cohort(world, login):
    data = b"name,email,career_stage,role\nZed Zhou,zed@x.edu,MS3,mentee\n"
    client = login(world.alice)
    response = client.post(
        reverse("cohort_upload", args=[world.cohort.pk]),
        {"participants": SimpleUploadedFile("people.csv", data, "text/csv")},
        follow=True,
    )
    assert "Zed Zhou" in response.content.decode()
    assert "Enrolled 1 participant (" in response.content.decode()


def test_an_upload_late_in_the_evening_is_enrolled_on_the_local_date(world, login, settings):
    """22:30 in Chicago on 14 September is already the 15th in UTC: the enrolment says the 14th."""
    settings.TIME_ZONE = "America/Chicago"
    data = b"name,email,career_stage,role\nZed Zhou,zed@x.edu,MS3,mentee\n"
    with time_machine.travel(datetime(2026, 9, 15, 3, 30, tzinfo=UTC), tick=False):
        login(world.alice).post(
            reverse("cohort_upload", args=[world.cohort.pk]),
            {"participants": SimpleUploadedFile("people.csv", data, "text/csv")},
        )
    assert Enrolment.objects.get(person__email="zed@x.edu").enrolled_on == date(2026, 9, 14)


def test_intake_form_enrols_a_student_with_the_seed_questionnaire(
    world, client, django_capture_on_commit_callbacks
):
    world.cohort.intake_open = True
    world.cohort.save()
    form = {
        "full_name": "Sam Student",
        "email": "sam@example.edu",
        "career_stage": "3",
        "career_interests": "Cardiology; Internal medicine",
        "opinion_clerkship": "4",
        "opinion_career": "5",
        "specialty_confidence": "2",
        "gender": "woman",
        "underrepresented": "yes",
        "race_ethnicity": ["black"],
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("intake", args=[world.cohort.pk]), form)
    assert response.status_code == 200
    enrolment = Enrolment.objects.get(person__email="sam@example.edu")
    assert enrolment.intake == {
        "opinion_clerkship": 4,
        "opinion_career": 5,
        "specialty_confidence": 2,
    }
    assert enrolment.person.demographics.underrepresented == "yes"
    assert mail.outbox[-1].to == ["sam@example.edu"]


def test_intake_is_closed_unless_the_coordinator_opens_it(world, client):
    assert client.get(reverse("intake", args=[world.cohort.pk])).status_code == 404


def test_intake_errors_name_the_field(world, client):
    world.cohort.intake_open = True
    world.cohort.save()
    response = client.post(reverse("intake", args=[world.cohort.pk]), {"email": "nope"})
    assert response.status_code == 200
    assert "Enter a valid email address." in response.content.decode()
    assert not Person.objects.filter(email="nope").exists()


def test_the_public_intake_form_never_overwrites_a_known_persons_demographics(
    world, client, django_capture_on_commit_callbacks
):
    """Anyone may type someone else's email into the form; their restricted answers stay."""
    Demographics.objects.create(person=world.mark, gender="man", underrepresented="no")
    world.faculty_cohort.intake_open = True
    world.faculty_cohort.save()
    form = {
        "full_name": "Mark Mentor",
        "email": world.mark.email,
        "career_stage": "3",
        "career_interests": "Cardiology",
        "opinion_clerkship": "1",
        "opinion_career": "1",
        "specialty_confidence": "1",
        "gender": "woman",
        "underrepresented": "yes",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("intake", args=[world.faculty_cohort.pk]), form)
    assert response.status_code == 200
    assert not Enrolment.objects.filter(cohort=world.faculty_cohort, person=world.mark).exists()
    kept = Demographics.objects.get(person=world.mark)
    assert (kept.gender, kept.underrepresented) == ("man", "no")
