"""On a phone: a coordinator creates a boot camp for a cohort's mentors and mentees, the mentee
opens her invitation from Notifications and says she is coming, and the coordinator takes
attendance at the door with one tap per person; no page scrolls sideways."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from mentora.engagement.models import Event, Invitee
from tests import factories
from tests.browser.conftest import PHONE, screenshot, sign_in
from tests.browser.worlds import a_pair, sign_out

pytestmark = pytest.mark.browser


def _fits(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} scrolls sideways on a phone ({width}px)"


@pytest.mark.django_db(transaction=True)
def test_a_coordinator_takes_attendance_on_a_phone(phone_page):
    page = phone_page
    world = a_pair()

    sign_in(page, world.alice.email, factories.PASSWORD)
    page.goto(f"/cohorts/{world.cohort.pk}/")
    page.get_by_role("link", name="Events and training").click()
    page.get_by_role("heading", name="New event").wait_for()
    _fits(page)
    page.get_by_label("Kind").select_option(label="Boot camp")
    page.get_by_label("Title").fill("Scholarship boot camp")
    day = timezone.localdate() + timedelta(days=3)
    page.get_by_label("Day").fill(day.isoformat())
    page.get_by_label("Time").fill("08:30")
    page.get_by_label("Place").fill("Simulation center")
    page.get_by_label("Who is invited").select_option(label="Mentors and mentees")
    page.get_by_role("button", name="Create and invite").click()
    page.get_by_text("Created Scholarship boot camp: 2 invited by notification.").wait_for()
    event = Event.objects.get()
    sign_out(page)

    sign_in(page, world.maya.email, factories.PASSWORD)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Notifications").click()
    item = page.locator("li", has_text="Boot camp: Scholarship boot camp")
    item.get_by_role("button", name="Open").click()
    page.wait_for_url(f"**/events/{event.pk}/")
    _fits(page)
    page.get_by_role("button", name="I'm coming").click()
    page.get_by_text("Saved: you are coming.").wait_for()
    screenshot(page, "event-0-reply-phone")
    sign_out(page)

    sign_in(page, world.alice.email, factories.PASSWORD)
    page.goto(f"/events/{event.pk}/")
    page.get_by_text("0 of 2 present").wait_for()
    attendance = page.get_by_role("list", name="Attendance")
    attendance.get_by_role("button", name="Maya Mentee").click()
    page.get_by_text("1 of 2 present").wait_for()
    maya = page.get_by_role("list", name="Attendance").get_by_role("button", name="Maya Mentee")
    assert maya.get_attribute("aria-pressed") == "true"
    _fits(page)
    screenshot(page, "event-1-attendance-phone")

    invites = {i.person_id: i for i in Invitee.objects.filter(event=event)}
    assert invites[world.maya.pk].attended and invites[world.maya.pk].reply == "yes"
    assert not invites[world.mark.pk].attended
