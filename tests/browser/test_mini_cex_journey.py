"""On a phone: a mentor enters a mini-CEX from the home page in well under two minutes; the learner
acknowledges it with a reflection; the pair's MENTOR checklist's Observe step turns done."""

from __future__ import annotations

import time

import pytest

from tests import factories
from tests.browser.conftest import screenshot, sign_in
from tests.browser.worlds import a_pair, sign_out

pytestmark = pytest.mark.browser

RATINGS = {
    "Medical interviewing": "6 · satisfactory",
    "Physical examination": "7 · superior",
    "Humanistic qualities and professionalism": "8 · superior",
    "Clinical judgment": "5 · satisfactory",
    "Organization and efficiency": "6 · satisfactory",
    "Overall clinical competence": "6 · satisfactory",
}  # Counseling is left "Not observed".


def _observe_state(page) -> str:
    return page.locator('[data-testid="checklist"] li[data-step="Observe"]').get_attribute(
        "data-state"
    )


@pytest.mark.django_db(transaction=True)
def test_a_mentor_enters_a_mini_cex_on_a_phone_and_the_learner_acknowledges(phone_page):
    page = phone_page
    world = a_pair()
    mark, maya, pair = world.mark, world.maya, world.pair

    sign_in(page, mark.email, factories.PASSWORD)
    page.goto(f"/mentorships/{pair.pk}/")
    before = _observe_state(page)
    assert before != "done"
    page.goto("/")
    started = time.monotonic()
    page.get_by_role("link", name="Observations and procedures").click()
    page.get_by_role("link", name="Record a mini-CEX").click()
    page.get_by_label("Setting").select_option(label="Emergency department")
    page.get_by_label("Patient problem").fill("Anterior shoulder dislocation")
    page.get_by_label("Complexity").select_option(label="Moderate")
    for domain, rating in RATINGS.items():
        page.get_by_label(domain).select_option(label=rating)
    page.get_by_label("Minutes observing").fill("15")
    page.get_by_label("Minutes giving feedback").fill("5")
    page.get_by_label("Strengths").fill("Calm explanation to the patient")
    page.get_by_label("One next step").fill("Check neurovascular status before reducing")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the form scrolls sideways on a phone ({width}px)"
    screenshot(page, "mini-cex-1-form")
    page.get_by_role("button", name="Save mini-CEX").click()
    page.get_by_text("Mini-CEX recorded.").wait_for()
    assert time.monotonic() - started < 120
    page.goto(f"/mentorships/{pair.pk}/")
    assert _observe_state(page) == "done"
    sign_out(page)

    sign_in(page, maya.email, factories.PASSWORD)
    page.get_by_role("link", name="Observations and procedures").click()
    page.get_by_role("link", name="Anterior shoulder dislocation").click()
    assert page.get_by_text("Check neurovascular status before reducing").is_visible()
    assert page.get_by_role("row", name="Counseling").get_by_text("not observed").is_visible()
    page.get_by_label("Your reflection (optional)").fill("I rushed the exam; pulses first")
    page.get_by_role("button", name="Acknowledge").click()
    page.get_by_text("Acknowledged.").first.wait_for()
    screenshot(page, "mini-cex-2-acknowledged")
    assert page.get_by_role("button", name="Save reflection").is_visible()
