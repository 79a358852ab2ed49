"""On a phone, a mentor logs a meeting held after the cohort's end date with a mentee whose
relationship goes on, and sees it counted (issue 13, item 3): counts follow the relationship,
and the page says the window it counts in."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone

from tests import factories
from tests.browser.conftest import PHONE, screenshot, sign_in
from tests.browser.worlds import a_pair

pytestmark = pytest.mark.browser


def _day(on: date) -> str:
    """A date as the pages write it ("j M Y")."""
    return f"{on.day} {on:%b %Y}"


@pytest.mark.django_db(transaction=True)
def test_a_meeting_after_the_cohorts_end_counts_for_a_pair_still_active(phone_page):
    page = phone_page
    today = timezone.localdate()
    first = today.year - 2  # a cohort that ended at least five months ago
    world = a_pair(year=f"{first}-{(first + 1) % 100:02d}")
    ends = world.cohort.ends_on
    held_on = ends + timedelta(days=30)
    assert ends < held_on < today

    sign_in(page, world.mark.email, factories.PASSWORD)
    page.locator("#my-mentees ~ ul").get_by_role("link", name="Maya Mentee").click()
    counts = page.locator("#counts-h ~ ul")
    assert counts.get_by_text(re.compile(r"^0 held")).is_visible()
    page.get_by_role("link", name="Log a meeting").click()
    page.get_by_label("Date").fill(held_on.isoformat())
    page.get_by_label("Clinical skills").check()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the form scrolls sideways on a phone ({width}px)"
    page.get_by_role("button", name="Save meeting").click()
    page.get_by_text("Meeting logged.").wait_for()

    page.goto(f"/mentorships/{world.pair.pk}/")
    assert counts.get_by_text(re.compile(r"^1 held")).is_visible()
    window = counts.get_by_text(re.compile("^Counted from"))
    assert window.inner_text() == (
        f"Counted from {_day(world.pair.started_on)} to {_day(today)}, past the cohort's end "
        f"({_day(ends)}): the relationship goes on."
    )
    held = page.locator("#held-h + ul li")
    assert held.count() == 1 and "Clinical skills" in held.inner_text()
    screenshot(page, "mentor-after-cohort-end")
