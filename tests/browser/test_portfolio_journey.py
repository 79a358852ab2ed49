"""On a phone: a student whose goal five confirmed shoulder reductions met finds their learning
portfolio from their observations, puts one mini-CEX in, and downloads the PDF that holds it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from django.utils import timezone

from mentora.feedback.actions import do_confirm_procedure, do_log_procedure, do_record_mini_cex
from mentora.mentorships.actions import do_set_goal
from tests import factories
from tests.browser.conftest import screenshot, sign_in
from tests.browser.worlds import a_pair
from tests.portfolio.reading import pdf_images, pdf_text

pytestmark = pytest.mark.browser

GOAL = "Five supervised shoulder reductions"


def _a_year_of_feedback(world) -> None:
    now = timezone.now()
    goal = do_set_goal(world.pair, world.maya, now, specific=GOAL, target_count=5,
                       unit="supervised shoulder reductions")
    for day in range(1, 6):
        entry = do_log_procedure(world.pair, world.maya, now, procedure="Shoulder reduction",
                                 performed_on=date(2026, 10, day), level="supervised",
                                 goal=goal)
        do_confirm_procedure(entry, world.mark, now)
    for on, overall, problem in ((date(2026, 8, 3), 4, "Chest pain"),
                                 (date(2026, 11, 2), 8, "Posterior shoulder dislocation")):
        do_record_mini_cex(
            world.pair, world.mark, now, observed_on=on, setting="emergency",
            patient_problem=problem, complexity="high", minutes_observing=15,
            minutes_feedback=5, overall=overall, judgment=overall,
            strengths="Clear consent", next_step="Brief the team before the reduction")


@pytest.mark.django_db(transaction=True)
def test_a_student_chooses_and_downloads_their_portfolio_on_a_phone(phone_page, tmp_path):
    page = phone_page
    world = a_pair()
    _a_year_of_feedback(world)

    sign_in(page, world.maya.email, factories.PASSWORD)
    page.get_by_role("link", name="Observations and procedures").click()
    page.get_by_role("link", name="My learning portfolio").click()
    page.get_by_role("heading", name="My learning portfolio").wait_for()
    assert page.get_by_text("1 goal achieved").is_visible()
    assert page.get_by_label(GOAL, exact=False).is_checked()
    screenshot(page, "portfolio-0-opened")
    page.get_by_label("Posterior shoulder dislocation", exact=False).check()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the portfolio page scrolls sideways on a phone ({width}px)"
    page.get_by_role("button", name="Save my choice").click()
    page.get_by_text("Saved.").wait_for()
    assert page.get_by_text("2 mini-CEX observations in the chart, 1 shown in full").is_visible()
    screenshot(page, "portfolio-1-chosen")

    with page.expect_download() as download:
        page.get_by_role("link", name="Download (PDF)").click()
    saved = Path(tmp_path) / "portfolio.pdf"
    download.value.save_as(saved)
    text = pdf_text(saved.read_bytes())
    assert GOAL in text and "5 of 5 supervised shoulder reductions" in text
    assert "Mini-CEX of 2026-11-02: Posterior shoulder dislocation" in text
    assert "Chest pain" not in text  # counted in the chart, not chosen
    assert pdf_images(saved.read_bytes()) == 1
