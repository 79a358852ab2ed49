"""Enrolment from spreadsheets as people have them (issue 13, item 9): an Excel workbook, a CSV
saved by Excel in Windows-1252 or as UTF-16, the template, and demographics columns."""

from __future__ import annotations

import io
from datetime import date, datetime

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from mentora.people.models import Demographics, Person
from mentora.programs.models import Enrolment

HEADER = ["Name", "Email", "Career stage", "Role", "Capacity", "Mentor trained", "Department"]


def _xlsx(rows: list[list[object]]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    book.create_sheet("Notes").append(["not read"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _upload(client, world, name: str, content: bytes, follow: bool = False):
    return client.post(
        reverse("cohort_upload", args=[world.cohort.pk]),
        {"participants": SimpleUploadedFile(name, content)},
        follow=follow,
    )


def test_an_excel_workbook_enrols_with_its_numbers_flags_and_accents(world, login):
    content = _xlsx([
        [*HEADER, "Joined"],
        ["José Müller", "jose@example.edu", "MS3", "mentee", None, False, "Pédiatrie",
         date(2026, 8, 1)],
        ["Zoë Ōno", "zoe@example.edu", "Assistant Professor", "mentor", 2.0, True, "Surgery",
         datetime(2026, 8, 1, 9, 30)],
    ])
    response = _upload(login(world.alice), world, "people.xlsx", content, follow=True)
    assert "Enrolled 2 participants" in response.content.decode()
    zoe = Enrolment.objects.get(cohort=world.cohort, person__email="zoe@example.edu")
    assert (zoe.person.full_name, zoe.capacity, zoe.mentor_trained) == ("Zoë Ōno", 2, True)
    assert Person.objects.get(email="jose@example.edu").department == "Pédiatrie"


def test_a_bad_cell_of_a_workbook_is_named_by_its_excel_row_and_nothing_is_enrolled(world, login):
    content = _xlsx([
        HEADER,
        ["Ann Lee", "ann@example.edu", "MS2", "mentee"],
        [],
        ["Bo Chen", "bo@example.edu", "MS9", "mentor", 2.5],
    ])
    response = _upload(login(world.alice), world, "people.xlsx", content)
    page = response.content.decode()
    assert response.status_code == 400
    assert "Row 4, column <code>career_stage</code>" in page
    assert "Row 4, column <code>capacity</code>: &#x27;2.5&#x27; is not a whole number" in page
    assert not Person.objects.filter(email="ann@example.edu").exists()


def test_a_damaged_workbook_is_refused_with_a_message(world, login):
    response = _upload(login(world.alice), world, "people.xlsx", b"PK\x03\x04" + bytes(300))
    assert response.status_code == 400
    assert "is not an Excel workbook that can be read" in response.content.decode()


def test_a_csv_from_excel_in_windows_1252_enrols_and_says_how_it_was_read(world, login):
    text = "name,email,career_stage,role\r\nJosé Müller,jose@example.edu,PGY-1,mentee\r\n"
    response = _upload(login(world.alice), world, "people.csv", text.encode("cp1252"),
                       follow=True)
    page = response.content.decode()
    assert "people.csv: read as Windows-1252" in page
    assert Person.objects.get(email="jose@example.edu").full_name == "José Müller"


def test_a_utf16_file_with_a_byte_order_mark_enrols_without_a_warning(world, login):
    text = "name\temail\tcareer_stage\trole\nÅsa Öberg,asa@example.edu,MS1,mentee\n"
    text = text.replace("\t", ",")
    response = _upload(login(world.alice), world, "people.txt", text.encode("utf-16"),
                       follow=True)
    assert "read as" not in response.content.decode()
    assert Person.objects.get(email="asa@example.edu").full_name == "Åsa Öberg"


def test_a_file_with_zero_bytes_is_refused_as_not_text(world, login):
    content = b"name,email,career_stage,role\nAnn\x00\x00\x00\x00,ann@example.edu,MS2,mentee\n"
    response = _upload(login(world.alice), world, "people.csv", content)
    assert response.status_code == 400
    assert "is not a text file (it holds zero bytes" in response.content.decode()
    assert not Person.objects.filter(email="ann@example.edu").exists()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_template_is_linked_from_the_upload_page_and_enrols_as_it_comes(world, login, fmt):
    client = login(world.alice)
    page = client.get(reverse("cohort_upload", args=[world.cohort.pk])).content.decode()
    url = reverse("cohort_enrol_template", args=[world.cohort.pk, fmt])
    assert f'href="{url}"' in page
    template = client.get(url)
    assert template.status_code == 200
    assert f"participants-template.{fmt}" in template["Content-Disposition"]
    response = _upload(client, world, f"participants-template.{fmt}", template.content,
                       follow=True)
    assert "Enrolled 1 participant (1 new" in response.content.decode()
    ana = Enrolment.objects.get(cohort=world.cohort, person__email="ana.example@example.edu")
    assert (ana.person.full_name, ana.role, ana.person.get_career_stage_display()) == (
        "Ana Example", "mentee", "MS2")


def test_the_template_names_every_column_including_demographics(world, login):
    body = login(world.alice).get(
        reverse("cohort_enrol_template", args=[world.cohort.pk, "xlsx"])).content
    book = openpyxl.load_workbook(io.BytesIO(body))
    header = [cell.value for cell in book.worksheets[0][1]]
    assert header[:4] == ["name", "email", "career_stage", "role"]
    assert {"gender", "underrepresented", "race_ethnicity", "tier"} <= set(header)
    assert book.sheetnames == ["Participants", "Columns"]


def test_a_coordinator_of_another_program_gets_no_template(world, login):
    url = reverse("cohort_enrol_template", args=[world.cohort.pk, "csv"])
    assert login(world.bob).get(url).status_code == 404


DEMOGRAPHICS = (
    "name,email,career_stage,role,gender,underrepresented,race_ethnicity\n"
    "New Person,new@example.edu,MS1,mentee,Woman,Yes,Black or African American; hispanic\n"
    "{known},{email},MS3,mentee,man,no,White\n"
)


def test_demographics_are_recorded_for_new_people_only(world, login):
    known = world.maya
    before = Demographics.objects.filter(person=known).values().first()
    data = DEMOGRAPHICS.format(known=known.full_name, email=known.email).encode()
    response = _upload(login(world.alice), world, "people.csv", data, follow=True)
    page = response.content.decode()
    assert "Demographics recorded for 1 new people" in page
    assert "Demographics of 1 people already in Mentora were left as they are" in page
    new = Demographics.objects.get(person__email="new@example.edu")
    assert (new.gender, new.underrepresented, new.race_ethnicity) == (
        "woman", "yes", ["black", "hispanic"])
    assert Demographics.objects.filter(person=known).values().first() == before


def test_a_bad_demographics_cell_is_named_and_nothing_is_enrolled(world, login):
    data = b"name,email,career_stage,role,gender,rural_background\n" \
           b"New Person,new@example.edu,MS1,mentee,female,sometimes\n"
    response = _upload(login(world.alice), world, "people.csv", data)
    page = response.content.decode()
    assert response.status_code == 400
    assert "Row 2, column <code>gender</code>" in page
    assert "Row 2, column <code>rural_background</code>" in page
    assert not Person.objects.filter(email="new@example.edu").exists()


def test_a_windows_1252_file_with_errors_says_both_how_it_was_read_and_what_is_wrong(world,
                                                                                      login):
    text = "name,email,career_stage,role\nJosé Müller,jose@example.edu,MS9,mentee\n"
    response = _upload(login(world.alice), world, "people.csv", text.encode("cp1252"))
    page = response.content.decode()
    assert response.status_code == 400
    assert "people.csv: read as Windows-1252" in page
    assert "Row 2, column <code>career_stage</code>" in page
