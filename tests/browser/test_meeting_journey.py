"""On a phone: a mentor logs a held meeting with topics and GROW notes; the mentee reflects and
sets a goal with a target; the pair's MENTOR checklist changes."""

from __future__ import annotations

import re
import time

import pytest

from tests import factories
from tests.browser.conftest import screenshot, sign_in
from tests.browser.worlds import a_pair, sign_out

pytestmark = pytest.mark.browser


def _state(page, step: str) -> str:
    return page.locator(f'[data-testid="checklist"] li[data-step="{step}"]').get_attribute(
        "data-state"
    )


@pytest.mark.django_db(transaction=True)
def test_a_pair_logs_a_meeting_reflects_and_sets_a_goal_on_a_phone(phone_page):
    page = phone_page
    world = a_pair()
    mark, maya, pair = world.mark, world.maya, world.pair

    sign_in(page, mark.email, factories.PASSWORD)
    page.goto(f"/mentorships/{pair.pk}/")
    assert _state(page, "Needs") == "missing" and _state(page, "Observe") != "done"
    screenshot(page, "meeting-journey-1-checklist-before")

    started = time.monotonic()
    page.get_by_role("link", name="Log a meeting").click()
    page.get_by_label("Clinical skills").check()
    page.get_by_label("Career advice").check()
    page.get_by_text("GROW notes").click()
    page.get_by_label(re.compile(r"^Goal")).fill("Five supervised shoulder reductions")
    page.get_by_label("Reality").fill("Two done in simulation, none at the bedside")
    page.get_by_label("Options").fill("Sim lab on Tuesdays; ask on night shifts")
    page.get_by_label("Will").fill("Book the sim lab this week")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "meeting-journey-2-log-form")
    page.get_by_role("button", name="Save meeting").click()
    page.get_by_text("Meeting logged.").wait_for()
    assert time.monotonic() - started < 30
    sign_out(page)

    sign_in(page, maya.email, factories.PASSWORD)
    page.goto(f"/mentorships/{pair.pk}/")
    page.locator("#meetings-h + h3 + ul a, #meetings-h ~ ul a").first.click()
    assert page.get_by_text("Two done in simulation").is_visible()
    page.get_by_label("What I learned").fill("Positioning matters more than force")
    page.get_by_label("My next actions").fill("Watch two reductions before trying one")
    page.get_by_role("button", name="Save reflection").click()
    page.get_by_text("Reflection saved.").wait_for()

    page.goto(f"/mentorships/{pair.pk}/goals/new/")
    page.get_by_label("Specific: what exactly").fill("Perform shoulder reductions with feedback")
    page.get_by_label("Measure: target").fill("5")
    page.get_by_label("Measure: of what").fill("supervised shoulder reductions")
    page.get_by_role("button", name="Save goal").click()
    progress = page.get_by_test_id("goal-progress")
    progress.get_by_text("0 of 5 supervised shoulder reductions").wait_for()

    page.goto(f"/mentorships/{pair.pk}/")
    assert _state(page, "Needs") == "done"
    # A meeting is not an observation: a mini-CEX is (tests/browser/test_mini_cex_journey.py).
    assert _state(page, "Observe") != "done"
    assert page.locator("#counts-h ~ ul").get_by_text("1 held").is_visible()
    screenshot(page, "meeting-journey-3-checklist-after")
