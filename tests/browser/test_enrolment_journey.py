"""A coordinator signs in, uploads a participants spreadsheet and sees them in the cohort;
the Excel template from the upload page, filled in as a coordinator would, enrols its people."""

from __future__ import annotations

import pytest

from tests import factories
from tests.browser.conftest import screenshot, sign_in
from tests.browser.journeys import enrol_from_the_excel_template

pytestmark = pytest.mark.browser

SPREADSHEET = """name,email,career_stage,role,capacity,specialty_interests
Priya Patel,priya@example.edu,MS3,mentee,,Cardiology
Omar Haddad,omar@example.edu,PGY1,mentor,2,Cardiology; Internal medicine
"""


@pytest.mark.django_db(transaction=True)
def test_coordinator_enrols_a_cohort_from_a_spreadsheet(page, tmp_path):
    alice = factories.make_user("alice@example.edu")
    program = factories.make_program("IM Clerkship", alice)
    cohort = factories.make_cohort(program)
    sheet = tmp_path / "participants.csv"
    sheet.write_text(SPREADSHEET)

    sign_in(page, "alice@example.edu", factories.PASSWORD)
    page.get_by_role("link", name="IM Clerkship").first.click()
    page.get_by_role("link", name=cohort.name).click()
    page.get_by_role("link", name="Enrol from a spreadsheet").click()
    page.get_by_label("Participants spreadsheet").set_input_files(str(sheet))
    page.get_by_role("button", name="Upload and enrol").click()

    page.get_by_text("Enrolled 2 participants").wait_for()
    table = page.locator("table").first
    assert table.get_by_text("Priya Patel").is_visible()
    assert table.get_by_text("Omar Haddad").is_visible()
    screenshot(page, "coordinator-enrols-cohort")


@pytest.mark.django_db(transaction=True)
def test_a_bad_spreadsheet_is_explained_in_the_browser(page, tmp_path):
    alice = factories.make_user("alice@example.edu")
    cohort = factories.make_cohort(factories.make_program("IM Clerkship", alice))
    sheet = tmp_path / "bad.csv"
    sheet.write_text("name,email,career_stage,role\nA B,nope,MS3,mentee\nC D,c@x.edu,MS9,mentee\n")
    sign_in(page, "alice@example.edu", factories.PASSWORD)
    page.goto(f"/cohorts/{cohort.pk}/enrol/")
    page.get_by_label("Participants spreadsheet").set_input_files(str(sheet))
    page.get_by_role("button", name="Upload and enrol").click()
    alert = page.get_by_role("alert")
    assert "Nothing was enrolled" in alert.inner_text()
    assert "Row 3, column career_stage" in alert.inner_text()
    screenshot(page, "bad-spreadsheet")


@pytest.mark.django_db(transaction=True)
def test_coordinator_fills_in_the_excel_template_and_enrols_from_it(page, tmp_path):
    """Issue 13, item 9: the template downloads from the upload page, opens in a spreadsheet,
    and the workbook saved from it (numbers and flags as Excel keeps them) enrols everyone."""
    alice = factories.make_user("alice@example.edu")
    cohort = factories.make_cohort(factories.make_program("IM Clerkship", alice))
    sign_in(page, "alice@example.edu", factories.PASSWORD)
    page.goto(f"/cohorts/{cohort.pk}/enrol/")
    enrol_from_the_excel_template(page, tmp_path, [
        {"name": "Renée Dubois", "email": "renee@example.edu", "career_stage": "MS3",
         "role": "mentee"},
        {"name": "Omar Haddad", "email": "omar@example.edu", "career_stage": "PGY-1",
         "role": "mentor", "capacity": 2, "mentor_trained": True},
    ])
    table = page.locator("table").first
    assert table.get_by_text("Renée Dubois").is_visible()
    assert table.get_by_text("Omar Haddad").is_visible()
    screenshot(page, "coordinator-enrols-from-excel-template")
