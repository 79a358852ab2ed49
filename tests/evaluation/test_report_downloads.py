"""The cohort report's downloads carry every table its page shows: besides Tables 1 to 3 and the
equity breakdowns, the engagement summary, event attendance, participation by block and what
mentors gained, with the page's figures and never a cell the page suppresses (DOCX, XLSX and
each table's CSV). The engagement section's tables on the demo: test_engagement_downloads."""

from __future__ import annotations

import csv
import io
from datetime import date

import docx
import openpyxl
import pandas as pd
import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from mentora.engagement.events import EventDetails, do_create_event, do_mark_attendance
from mentora.engagement.models import Invitee
from mentora.evaluation.exports import all_tables, downloads
from mentora.evaluation.reports import CohortData, ReportOptions, compute_report
from mentora.evaluation.reports.data import ATTENDANCE_COLUMNS, SCHOLARSHIP_COLUMNS
from mentora.mentorships.actions import ensure_competencies
from mentora.mentorships.actions.competencies import do_record_mentor_growth
from mentora.mentorships.models import Competency
from mentora.people.ladder import Stage
from mentora.programs.blocks import do_assign_block, do_save_block
from mentora.programs.models import Enrolment
from tests import factories

pytestmark = pytest.mark.usefixtures("_november")

# The page's attendance figures (threshold 5): 7 of the 14 mentees came to the boot camp; the
# one mentor came to the training, a group too small to show.
CAMP = ("Boot camp", "Mentees", "1", "14", "7 (50%)", "27-73%")
CAMP_ON_PAGE = "7 of 14 (50%; 95% CI 27-73%)"
TRAINING_ON_PAGE = "Suppressed: fewer than 5 people on one side of 1"
# Block 1: Maya and five more mentees, Maya matched; Block 2: Nina and seven more. Each block's
# one matched mentee is a group below 5: suppressed, as the page suppresses it.
BLOCK_1 = ("Block 1", "1 Jul 2026 to 22 Sep 2026", "6", "*")
BLOCK_2 = ("Block 2", "23 Sep 2026 to 15 Dec 2026", "8", "*")


@pytest.fixture
def _november():
    with time_machine.travel("2026-11-20 10:00 -05:00", tick=False):
        yield


def _attended(world, kind: str, audience: str, people) -> None:
    details = EventDetails(kind, kind.replace("_", " ").title(), timezone.now(), 90, "", audience)
    event = do_create_event(world.cohort, details, world.alice, timezone.now())
    for invite in Invitee.objects.filter(event=event, person__in=people):
        do_mark_attendance(world.alice, event.pk, invite.pk, True, timezone.now())


def _cohort_with_events(world) -> list:
    """Twelve mentees more (fourteen), seven of them at a boot camp; the mentor at a training,
    and one entry of what mentoring taught him."""
    mentees = [factories.make_person(f"Mentee {i}", Stage.MS3) for i in range(12)]
    for person in mentees:
        factories.enrol(world.cohort, person)
    _attended(world, "boot_camp", "mentees", mentees[:7])
    _attended(world, "mentor_training", "mentors", [world.mark])
    ensure_competencies()
    ics = Competency.objects.get(framework__program=None, code="ICS")
    do_record_mentor_growth(
        world.mark, world.cohort, date(2026, 11, 1), "Listening first", [ics], timezone.now()
    )
    return mentees


def _blocks(world, mentees) -> None:
    first = do_save_block(world.cohort, "Block 1", date(2026, 7, 1), date(2026, 9, 22))
    second = do_save_block(world.cohort, "Block 2", date(2026, 9, 23), date(2026, 12, 15))
    for block, people in (
        (first, [world.maya, *mentees[:5]]),
        (second, [world.nina, *mentees[5:]]),
    ):
        ids = Enrolment.objects.filter(cohort=world.cohort, person__in=people).values_list(
            "pk", flat=True
        )
        do_assign_block(world.cohort, ids, block)


def _download(client, world, fmt: str) -> bytes:
    response = client.get(reverse("evaluation_download", args=[world.cohort.pk, fmt]))
    assert response.status_code == 200
    return response.content


def _docx(client, world) -> tuple[list[str], list[list[tuple[str, ...]]]]:
    """The tables' titles and each table's rows as text, as Word shows them."""
    document = docx.Document(io.BytesIO(_download(client, world, "docx")))
    titles = [p.text for p in document.paragraphs if p.text.startswith("Table ")]
    tables = [[tuple(c.text for c in row.cells) for row in t.rows] for t in document.tables]
    return titles, tables


def _xlsx(client, world) -> list[list[tuple[str, ...]]]:
    """Each sheet's rows, every cell as the text it prints (numbers without a decimal)."""
    book = openpyxl.load_workbook(io.BytesIO(_download(client, world, "xlsx")))
    sheets = []
    for sheet in book.worksheets:
        rows = []
        for values in sheet.iter_rows(values_only=True):
            row = ["" if v is None else str(v) for v in values]
            while row and not row[-1]:
                row.pop()
            rows.append(tuple(row))
        sheets.append(rows)
    return sheets


def _csv(client, world, number: int) -> list[tuple[str, ...]]:
    response = client.get(reverse("evaluation_csv", args=[world.cohort.pk, number]))
    assert response.status_code == 200
    return [tuple(row) for row in csv.reader(io.StringIO(response.content.decode()))]


def _row(rows, first: str, second: str | None = None) -> tuple[str, ...]:
    found = [r for r in rows if r and r[0] == first and (second is None or r[1] == second)]
    assert len(found) == 1, (first, second, rows)
    return found[0]


def test_the_downloads_carry_the_attendance_and_block_tables_the_page_shows(world, login):
    _blocks(world, _cohort_with_events(world))
    client = login(world.alice)
    page = client.get(reverse("evaluation_report", args=[world.cohort.pk])).content.decode()
    assert CAMP_ON_PAGE in page and TRAINING_ON_PAGE in page
    for _, _, mentees, matched in (BLOCK_1, BLOCK_2):
        assert f'<td class="num">{mentees}</td><td>{matched}</td>' in page
    # The survey's and the scholarship's tables (none here) would come first; the page's
    # other sections follow in its order, numbered on.
    assert "Table 5 (CSV)" in page and "Table 6 (CSV)" not in page

    titles, tables = _docx(client, world)
    assert titles == [
        "Table 1 Mentee Engagement",
        "Table 2 Attendance at Events and Training by Kind of Event",
        "Table 3 Mentee Participation by Rotation Block",
        "Table 4 Competencies Mentors Reported Gaining from Mentoring",
        "Table 5 Mentoring Measures by Gender and Underrepresented Status",
    ]
    _, attendance, blocks, _, _ = tables
    assert _row(attendance, "Boot camp", "Mentees") == CAMP
    assert _row(blocks, "Block 1")[:4] == BLOCK_1
    assert _row(blocks, "Block 2")[:4] == BLOCK_2

    sheets = _xlsx(client, world)
    assert sheets[1][0] == ("Table 2 Attendance at Events and Training by Kind of Event",)
    assert _row(sheets[1], "Boot camp", "Mentees") == CAMP
    assert _row(sheets[2], "Block 1")[:4] == BLOCK_1
    assert _row(sheets[2], "Block 2")[:4] == BLOCK_2

    block_csv = _csv(client, world, 3)
    assert block_csv[0][:4] == ("Block", "Dates", "Mentees", "Matched")
    assert _row(block_csv, "Block 1")[:4] == BLOCK_1
    assert _row(block_csv, "Block 2")[:4] == BLOCK_2
    assert _row(_csv(client, world, 2), "Boot camp", "Mentees") == CAMP


def test_a_group_the_page_suppresses_stays_suppressed_in_every_download(world, login):
    _cohort_with_events(world)
    client = login(world.alice)
    page = client.get(reverse("evaluation_report", args=[world.cohort.pk])).content.decode()
    assert TRAINING_ON_PAGE in page
    assert "Suppressed (fewer than 5 mentors): ICS (ACGME core competencies)" in page
    hidden_training = ("Mentor training", "Mentors", "1", "1", "*")
    hidden_growth = (
        "ICS: Interpersonal and communication skills",
        "ACGME core competencies",
        "*",
        "*",
    )

    titles, tables = _docx(client, world)
    assert _row(tables[1], "Mentor training", "Mentors") == (*hidden_training, "")
    assert _row(tables[2], hidden_growth[0]) == hidden_growth
    sheets = _xlsx(client, world)
    assert _row(sheets[1], "Mentor training", "Mentors") == hidden_training
    assert _row(sheets[2], hidden_growth[0]) == hidden_growth
    assert _row(_csv(client, world, 2), "Mentor training", "Mentors") == (*hidden_training, "")
    assert _row(_csv(client, world, 3), hidden_growth[0]) == hidden_growth
    # Nowhere does the one mentor's attendance, or his entry, show.
    text = "\n".join(
        [
            *titles,
            *(" | ".join(r) for t in tables for r in t),
            *(" | ".join(r) for s in sheets for r in s),
        ]
    )
    assert "1 (100%)" not in text and "Listening first" not in text
    assert "Mentors who recorded what mentoring taught them: * of 1 enrolled as mentors." in text
    assert "*Suppressed: fewer than 5 people attended" in text


def test_a_cohort_without_blocks_has_no_block_table_and_its_numbers_follow_on(world, login):
    _cohort_with_events(world)
    client = login(world.alice)
    titles, _ = _docx(client, world)
    assert titles == [
        "Table 1 Mentee Engagement",
        "Table 2 Attendance at Events and Training by Kind of Event",
        "Table 3 Competencies Mentors Reported Gaining from Mentoring",
        "Table 4 Mentoring Measures by Gender and Underrepresented Status",
    ]
    assert not any("Block" in row[0] for sheet in _xlsx(client, world) for row in sheet if row)


def test_after_table_3_alone_the_next_tables_are_numbered_4_and_on():
    """Scholarship without survey tables is still the seed's Table 3; what follows is 4, 5."""
    people = list(range(1, 7))
    data = CohortData(
        name="Clerkship",
        starts_on=date(2026, 7, 1),
        ends_on=date(2027, 6, 30),
        enrolments=pd.DataFrame(
            {
                "person": people,
                "role": "mentee",
                "status": "active",
                "enrolled_on": date(2026, 7, 1),
                "withdrawn_on": None,
            }
        ),
        scholarship=pd.DataFrame([(1, "publication", 2025)], columns=SCHOLARSHIP_COLUMNS),
        attendance=pd.DataFrame(
            [(1, "Boot camp", 0, p, p <= 3) for p in people], columns=ATTENDANCE_COLUMNS
        ),
    )
    report = compute_report(data, ReportOptions((2024, 2025), (2026, 2027)))
    assert [" ".join(t.title.split()[:2]) for t in all_tables(report)] == [
        "Table 3",
        "Table 4",
        "Table 5",
        "Table 6",
    ]
    assert "Engagement" in all_tables(report)[1].title
    assert "Attendance" in all_tables(report)[2].title
    # The page's CSV buttons say each table's own number; their addresses take its position.
    assert downloads(all_tables(report)) == [
        (1, "Table 3"),
        (2, "Table 4"),
        (3, "Table 5"),
        (4, "Table 6"),
    ]
