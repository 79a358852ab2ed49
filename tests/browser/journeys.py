"""Steps the persona journeys share: a coordinator's enrolment from the Excel template, the
match's pins, forbids and confirmed publication, and a person signed in to the built demo."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
from django.contrib.auth import get_user_model

from mentora.core.demo.build import build_demo
from mentora.core.demo.context import DEMO_PASSWORD, DemoContext
from mentora.matching.models import MatchRun
from mentora.people.models import Person
from tests.browser.conftest import sign_in

DEMO_TODAY = date(2026, 11, 21)


def enrol_from_the_excel_template(
    page: Any, folder: Path, people: Sequence[Mapping[str, object]]
) -> None:
    """On a cohort's enrolment page: download the template, replace its example row with
    `people` (numbers and flags as Excel keeps them), upload it and see everyone enrolled."""
    with page.expect_download() as download:
        page.get_by_role("link", name="Excel template (.xlsx)").click()
    template = folder / "template.xlsx"
    download.value.save_as(template)

    book = openpyxl.load_workbook(template)
    sheet = book.worksheets[0]
    header = [cell.value for cell in sheet[1]]
    sheet.delete_rows(2)  # the example row
    for person in people:
        sheet.append([person.get(str(column)) for column in header])
    filled = folder / "participants.xlsx"
    book.save(filled)

    page.get_by_label("Participants spreadsheet").set_input_files(str(filled))
    page.get_by_role("button", name="Upload and enrol").click()
    page.get_by_text(f"Enrolled {len(people)} participants").wait_for()


def proposed_mentor(run: MatchRun, mentee: Person, slot: str = "") -> int:
    """The mentor the run proposes for `mentee` (in `slot`, for tiers)."""
    pair = next(p for p in run.pairs if p.mentee_id == str(mentee.pk) and p.slot == slot)
    return int(pair.mentor_id)


def pin(page: Any, mentee: str, mentor: str) -> None:
    page.get_by_role("button", name=f"Pin {mentee} with {mentor}").click()
    page.get_by_text(f"Pinned {mentee} with {mentor} for the next run").wait_for()


def forbid(page: Any, mentee: str, mentor: str) -> None:
    page.get_by_role("button", name=f"Forbid {mentee} with {mentor}").click()
    page.get_by_text(f"Forbade {mentee} with {mentor} for the next run").wait_for()


def run_again(page: Any, number: int) -> None:
    page.get_by_role("button", name="Run again with these adjustments").click()
    page.get_by_role("heading", name=f"Run {number}").wait_for()


def ask_to_publish(page: Any, new: int) -> None:
    """Publish a run as far as its confirmation, which says what it will change."""
    page.get_by_role("button", name="Publish this match").click()
    page.get_by_text(f"{new} new mentorships").wait_for()


def confirm_publication(page: Any, number: int, new: int) -> None:
    page.get_by_role("button", name=f"Publish run {number}").click()
    page.get_by_text(f"Published run {number}: {new} new mentorships").wait_for()


def signed_in_to_the_demo(page: Any, email: str, seed: int = 7) -> DemoContext:
    """Build the demo and sign `email` in with the demo password."""
    context = build_demo(DEMO_TODAY, seed, lambda _: None)
    # The demo may reuse a password hash made before this test switched hashers; set it anew.
    user = get_user_model().objects.get(username=email)
    user.set_password(DEMO_PASSWORD)
    user.save(update_fields=["password"])
    sign_in(page, email, DEMO_PASSWORD)
    return context
