"""A coordinator opens the seed 002 cohort's report, sees its charts and downloads the tables;
an evaluator opens a report from their home page (issue 13, done when)."""

from __future__ import annotations

import docx
import pytest

from mentora.programs.models import Cohort
from tests.browser.conftest import screenshot
from tests.browser.journeys import signed_in_to_the_demo

pytestmark = pytest.mark.browser


@pytest.mark.django_db(transaction=True)
def test_coordinator_opens_the_report_sees_charts_and_downloads_tables(page, tmp_path):
    signed_in_to_the_demo(page, "coordinator@demo.mentora.test")
    page.goto("/programs/")
    page.get_by_role("link", name="GIM Faculty Career Mentoring Program").first.click()
    page.get_by_role("link", name="GIM Faculty Career Mentoring Program 2025-26").click()
    page.get_by_role("link", name="Report").click()

    page.get_by_role("heading", name="Evaluation report").wait_for()
    charts = page.locator("svg.chart")
    assert charts.count() >= 3
    assert page.get_by_role("img", name="Mentees meeting their mentors, by month").is_visible()
    assert page.get_by_text("Table 3 Growth in Scholarly Activity").first.is_visible()

    page.get_by_label("P values").select_option("three")
    page.get_by_role("button", name="Update report").click()
    page.get_by_role("heading", name="Evaluation report").wait_for()
    screenshot(page, "coordinator-cohort-report")

    with page.expect_download() as download:
        page.get_by_role("link", name="Download tables (DOCX)").click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    document = docx.Document(str(saved))
    titles = [p.text for p in document.paragraphs if p.text.startswith("Table ")]
    assert titles[0].startswith("Table 1 Changes in Career management self-efficacy")
    assert any(t.startswith("Table 3 Growth in Scholarly Activity") for t in titles)


@pytest.mark.django_db(transaction=True)
def test_report_fits_a_phone(phone_page):
    """At 390px the report scrolls down, not sideways: wide tables scroll inside their box."""
    signed_in_to_the_demo(phone_page, "coordinator@demo.mentora.test")
    cohort = Cohort.objects.get(program__slug="gim-faculty-career")
    phone_page.goto(f"/evaluation/cohorts/{cohort.pk}/report/")
    phone_page.get_by_role("heading", name="Evaluation report").wait_for()
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    screenshot(phone_page, "cohort-report-phone")


@pytest.mark.django_db(transaction=True)
def test_the_evaluator_opens_a_report_from_their_home_page(page):
    """Issue 13: the evaluator's home lists the cohorts they may report on, with the last
    update; seed 004's report, opened from there, shows the group the program exists for and
    what its mentors gained, de-identified and with small groups suppressed."""
    signed_in_to_the_demo(page, "evaluator@demo.mentora.test")
    page.goto("/")
    reports = page.get_by_role("region", name="Reports I may open")
    table = reports.get_by_role("table")
    assert table.get_by_role("row").count() == 1 + Cohort.objects.count()
    name = "Prematriculation Near-Peer Program 2026"
    row = table.get_by_role("row").filter(has_text=name)
    assert "1 Jun 2026 to 28 Aug 2026" in row.inner_text()
    assert "nothing recorded yet" not in row.inner_text()  # meetings were held: a date
    screenshot(page, "evaluator-home")
    row.get_by_role("link", name=name, exact=True).click()

    page.get_by_role("heading", name=f"Evaluation report: {name}").wait_for()
    assert page.get_by_text("de-identified view").is_visible()
    urim = page.get_by_role("heading", name="Meetings held per mentee by underrepresented in "
                                             "medicine")
    groups = urim.locator("xpath=following::table[1]")
    shown = groups.get_by_role("row").filter(has_text="Underrepresented in medicine")
    assert int(shown.get_by_role("cell").first.inner_text()) >= 5  # the group it is for
    hidden = groups.get_by_role("row").filter(has_text="Not underrepresented")
    assert hidden.get_by_role("cell").first.inner_text() == "*"  # one or two: suppressed
    gained = page.get_by_role("table", name="What mentors gained")
    assert "MK: Medical knowledge" in gained.inner_text()
    assert page.get_by_text("Mentors who recorded what mentoring taught them: 6 of 6.").is_visible()
    assert page.get_by_text("Suppressed (fewer than 5 mentors)").is_visible()
    screenshot(page, "evaluator-opens-prematriculation-report")
