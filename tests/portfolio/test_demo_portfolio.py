"""Seed 001's scenario in the demo (issue 14, done when): the demo student's portfolio,
exported from the command line and from the page, opens and holds the goal, the five confirmed
procedures and the domain chart; nobody else downloads it."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from mentora.core.demo.build import logins_text
from mentora.feedback.models import MiniCex, ProcedureEntry
from mentora.mentorships.models import Goal
from mentora.people.models import Person
from tests.portfolio.reading import docx_images, docx_rows, docx_text, pdf_images, pdf_text

pytestmark = pytest.mark.django_db

GOAL = "Five supervised shoulder reductions"


def _student(demo) -> Person:
    lines = [line for line in logins_text(demo).splitlines() if "portfolio" in line]
    assert len(lines) == 1, "the demo prints one login on a line that says 'portfolio'"
    email = next(word for word in lines[0].split() if "@" in word)
    return Person.objects.get(email=email)


def _holds_it(text: str) -> None:
    assert GOAL in text and "5 of 5 supervised shoulder reductions" in text
    assert "Mini-CEX domains over time" in text


def test_the_demo_student_met_the_goal_with_five_confirmed_procedures(demo) -> None:
    student = _student(demo)
    goal = Goal.objects.get(mentorship__mentee=student, specific=GOAL)
    assert goal.status == Goal.Status.ACHIEVED
    toward = ProcedureEntry.objects.filter(goal=goal)
    assert toward.count() == 5 and not toward.filter(confirmed_at=None).exists()
    assert goal.achieved_on == max(entry.performed_on for entry in toward)
    overall = list(
        MiniCex.objects.filter(learner=student)
        .order_by("observed_on")
        .values_list("overall", flat=True)
    )
    assert len(overall) >= 5 and overall[-1] > overall[0]
    span = MiniCex.objects.filter(learner=student).order_by("observed_on")
    assert (span.last().observed_on - span.first().observed_on).days > 90


def test_the_demo_portfolio_from_the_command_line(demo, tmp_path) -> None:
    student = _student(demo)
    for fmt in ("docx", "pdf"):
        out = tmp_path / f"portfolio.{fmt}"
        call_command("portfolio", person=student.email, format=fmt, out=str(out))
        data = out.read_bytes()
        if fmt == "docx":
            _holds_it(docx_text(data))
            log = docx_rows(data, "Date")[1:]
            supervised = [
                r
                for r in log
                if r[1] == "shoulder reduction" and r[2] == "Performed under supervision"
            ]
            assert len(supervised) == 5
            assert docx_images(data) == 1
        else:
            _holds_it(pdf_text(data))
            assert pdf_images(data) == 1


def test_the_demo_portfolio_from_the_page_is_the_students_alone(demo, client) -> None:
    student = _student(demo)
    client.force_login(student.user)
    page = client.get(reverse("portfolio", args=[student.pk]))
    assert page.status_code == 200 and GOAL in page.content.decode()
    docx = client.get(reverse("portfolio_download", args=[student.pk, "docx"]))
    text = docx_text(docx.content)
    _holds_it(text)
    assert "Selected observations" in text  # the student chose two
    assert docx_images(docx.content) == 1
    pdf = client.get(reverse("portfolio_download", args=[student.pk, "pdf"]))
    _holds_it(pdf_text(pdf.content))
    assert pdf_images(pdf.content) == 1
    for other in ("student@demo.mentora.test", "coordinator@demo.mentora.test"):
        client.force_login(get_user_model().objects.get(username=other))
        for fmt in ("docx", "pdf"):
            url = reverse("portfolio_download", args=[student.pk, fmt])
            assert client.get(url).status_code == 404
