"""A coordinator opens the seed 002 cohort's report, sees its charts and downloads the tables."""

from __future__ import annotations

from datetime import date

import docx
import pytest
from django.contrib.auth import get_user_model

from mentora.core.demo.build import build_demo
from mentora.core.demo.context import DEMO_PASSWORD
from mentora.programs.models import Cohort
from tests.browser.conftest import screenshot, sign_in

pytestmark = pytest.mark.browser


@pytest.mark.django_db(transaction=True)
def test_coordinator_opens_the_report_sees_charts_and_downloads_tables(page, tmp_path):
    build_demo(date(2026, 11, 21), 7, lambda _: None)
    # The demo may reuse a password hash made before this test switched hashers; set it anew.
    coordinator = get_user_model().objects.get(username="coordinator@demo.mentora.test")
    coordinator.set_password(DEMO_PASSWORD)
    coordinator.save(update_fields=["password"])
    sign_in(page, "coordinator@demo.mentora.test", DEMO_PASSWORD)
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
    build_demo(date(2026, 11, 21), 7, lambda _: None)
    coordinator = get_user_model().objects.get(username="coordinator@demo.mentora.test")
    coordinator.set_password(DEMO_PASSWORD)
    coordinator.save(update_fields=["password"])
    sign_in(phone_page, "coordinator@demo.mentora.test", DEMO_PASSWORD)
    cohort = Cohort.objects.get(program__slug="gim-faculty-career")
    phone_page.goto(f"/evaluation/cohorts/{cohort.pk}/report/")
    phone_page.get_by_role("heading", name="Evaluation report").wait_for()
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    screenshot(phone_page, "cohort-report-phone")
