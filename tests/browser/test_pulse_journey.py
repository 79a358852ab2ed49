"""On a phone, a mentee's pulse check: the reminder step asks her a month after the match, she
opens it from her notifications, answers in two taps, and her low answer offers her a re-match,
which leads to the decline page; nothing scrolls sideways."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from mentora.engagement.delivery import remind
from mentora.engagement.models import Pulse
from tests import factories
from tests.browser.conftest import PHONE, screenshot, sign_in
from tests.browser.worlds import a_pair

pytestmark = pytest.mark.browser


def _fits(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} scrolls sideways ({width}px)"


@pytest.mark.django_db(transaction=True)
def test_a_mentee_answers_her_pulse_low_in_two_taps_and_is_offered_a_re_match(phone_page):
    page = phone_page
    world = a_pair()
    started = world.pair.started_on or world.cohort.starts_on
    # A month after the match (never later than now: the page answers at the real clock).
    asked_at = min(
        timezone.make_aware(datetime.combine(started + timedelta(days=30), time(8))),
        timezone.now(),
    )
    remind(asked_at)
    pulse = Pulse.objects.get(mentorship=world.pair)

    sign_in(page, world.maya.email, factories.PASSWORD)
    page.goto("/notifications/")
    item = page.locator("li", has_text=f"How is your mentoring with {world.mark.full_name}")
    item.get_by_role("button", name="Open").click()
    page.wait_for_url(f"**/pulse/{pulse.pk}/")
    _fits(page)
    page.get_by_role("radio", name="2 · Not well").check()
    page.get_by_role("radio", name="No", exact=True).check()
    screenshot(page, "pulse-phone")
    page.get_by_role("button", name="Send").click()
    offer = page.get_by_role("link", name="Ask for a re-match")
    offer.wait_for()
    _fits(page)
    pulse.refresh_from_db()
    assert (pulse.rating, pulse.wants_talk) == (2, False)
    offer.click()
    page.wait_for_url(f"**/mentorships/{world.pair.pk}/decline/")
    page.get_by_role("heading", name=f"Decline {world.mark.full_name}").wait_for()
