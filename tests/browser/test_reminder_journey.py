"""On a phone, a mentee whose pair has gone quiet: the reminder step nudges her, the menu's bell
counts it, she opens it from her notifications and lands on her pair's page, and the bell is
quiet again; her preferences turn that kind of email off."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.utils import timezone

from mentora.engagement.delivery import remind
from mentora.engagement.models import Kind, Preference
from tests import factories
from tests.browser.conftest import PHONE, screenshot, sign_in
from tests.browser.worlds import a_pair

pytestmark = pytest.mark.browser


def _unread(bell: str) -> int:
    """The count the bell shows ("Notifications 2 new"), 0 when it shows none."""
    found = re.search(r"(\d+) new", bell)
    return int(found.group(1)) if found else 0


@pytest.mark.django_db(transaction=True)
def test_a_quiet_pairs_mentee_is_nudged_opens_the_reminder_and_turns_its_email_off(phone_page):
    page = phone_page
    world = a_pair()
    maya, mark = world.maya, world.mark
    sent = remind(timezone.now())  # the pair has not met since its cohort started
    nudges = [s for s in sent if s.kind == Kind.DRIFT and s.to == maya.email]
    assert nudges, sent
    assert any(m.to == [maya.email] and mark.full_name in m.subject for m in mail.outbox)

    sign_in(page, maya.email, factories.PASSWORD)
    menu = page.get_by_role("navigation", name="Main")
    bell = menu.get_by_role("link", name="Notifications")
    unread = _unread(bell.inner_text())
    assert unread >= 1
    bell.click()
    page.get_by_role("heading", name="Notifications", exact=True).wait_for()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the notifications page scrolls sideways ({width}px)"
    screenshot(page, "reminder-notifications-phone")
    item = page.locator("li", has_text=f"Time to meet {mark.full_name}")
    item.get_by_role("button", name="Open").click()
    page.wait_for_url(f"**/mentorships/{world.pair.pk}/")
    menu = page.get_by_role("navigation", name="Main")
    assert _unread(menu.get_by_role("link", name="Notifications").inner_text()) == unread - 1

    page.goto("/notifications/preferences/")
    page.get_by_label(f"{Kind.DRIFT.label}: by email").uncheck()
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Saved").wait_for()
    choice = Preference.objects.get(person=maya, kind=Kind.DRIFT)
    assert not choice.email and choice.in_app
