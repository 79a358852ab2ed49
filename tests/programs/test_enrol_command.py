"""`mentora enrol`: the page's enrolment on the command line (issue 12, item 9)."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError

from mentora.people.models import Person
from mentora.programs.models import Enrolment

GOOD = "name,email,career_stage,role,capacity\nJosé Müller,jose@example.edu,PGY-1,mentor,2\n"


def _cohort(world) -> str:
    return f"{world.cohort.program.slug}/{world.cohort.academic_year}"


def test_a_dry_run_says_what_it_would_do_and_writes_nothing(world, tmp_path, capsys):
    people = tmp_path / "people.csv"
    people.write_bytes(GOOD.encode("cp1252"))
    call_command("enrol", "--cohort", _cohort(world), "--file", str(people), "--dry-run")
    captured = capsys.readouterr()
    assert "Would enrol 1 participant (1 new, 0 already known" in captured.out
    assert "1 invitation would be sent" in captured.out
    assert "warning: people.csv: read as Windows-1252" in captured.err
    assert not Person.objects.filter(email="jose@example.edu").exists()
    assert mail.outbox == []


def test_a_workbook_enrols_and_invites(world, tmp_path, capsys, django_capture_on_commit_callbacks):
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["name", "email", "career_stage", "role", "capacity"])
    sheet.append(["Zoë Ōno", "zoe@example.edu", "Assistant professor", "mentor", 3])
    buffer = io.BytesIO()
    book.save(buffer)
    people = tmp_path / "people.xlsx"
    people.write_bytes(buffer.getvalue())
    with django_capture_on_commit_callbacks(execute=True):
        call_command("enrol", "--cohort", str(world.cohort.pk), "--file", str(people))
    assert "Enrolled 1 participant (" in capsys.readouterr().out
    zoe = Enrolment.objects.get(cohort=world.cohort, person__email="zoe@example.edu")
    assert (zoe.person.full_name, zoe.capacity) == ("Zoë Ōno", 3)
    assert [m.to for m in mail.outbox] == [["zoe@example.edu"]]


def test_errors_name_every_bad_cell_fail_the_command_and_enrol_nobody(world, tmp_path):
    people = tmp_path / "people.csv"
    people.write_text("name,email,career_stage,role\nAnn,ann@example.edu,MS2,mentee\n"
                      "Bo,bo-at-example.edu,MS9,mentor\n")
    with pytest.raises(CommandError) as failed:
        call_command("enrol", "--cohort", _cohort(world), "--file", str(people))
    message = str(failed.value)
    assert message.startswith("Nothing was enrolled. Fix these 2 problems in")
    assert "Row 3, column email" in message and "Row 3, column career_stage" in message
    assert not Person.objects.filter(email="ann@example.edu").exists()


def test_a_missing_file_and_an_unknown_cohort_are_explained(world, tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        call_command("enrol", "--cohort", _cohort(world), "--file", str(tmp_path / "no.csv"))
    with pytest.raises(CommandError, match="No cohort"):
        call_command("enrol", "--cohort", "nope/2020", "--file", str(tmp_path / "no.csv"))


def test_errors_in_a_windows_1252_file_also_say_how_it_was_read(world, tmp_path, capsys):
    people = tmp_path / "people.csv"
    people.write_bytes("name,email,career_stage,role\nJosé,jose@example.edu,MS9,mentee\n"
                       .encode("cp1252"))
    with pytest.raises(CommandError, match="Row 2, column career_stage"):
        call_command("enrol", "--cohort", _cohort(world), "--file", str(people))
    assert "warning: people.csv: read as Windows-1252" in capsys.readouterr().err
