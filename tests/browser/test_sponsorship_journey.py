"""On a phone: a mentee finds the mentee guidance from her home, goes on to record the
sponsorship she received from someone outside the program, and her mentor records his own act
for her; each sees it, and the page never scrolls sideways."""

from __future__ import annotations

import pytest

from mentora.mentorships.models import SponsorshipAct
from tests import factories
from tests.browser.conftest import screenshot, sign_in
from tests.browser.worlds import a_pair, sign_out

pytestmark = pytest.mark.browser


def _fits(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the sponsorship page scrolls sideways on a phone ({width}px)"


@pytest.mark.django_db(transaction=True)
def test_a_mentee_and_her_mentor_record_sponsorship_on_a_phone(phone_page):
    page = phone_page
    world = a_pair()

    sign_in(page, world.maya.email, factories.PASSWORD)
    page.get_by_role("link", name="Being a mentee").click()
    page.get_by_role("heading", name="Asking for sponsorship").wait_for()
    page.get_by_role("link", name="Record sponsorship you received").click()
    page.get_by_role("heading", name="Sponsorship is not mentorship").wait_for()
    _fits(page)
    page.get_by_label("Or their name").fill("Dr. Rivera, department chair")
    page.get_by_label("Introduced to a contact").check()
    page.get_by_label("What for").fill("Met the simulation center director")
    page.get_by_role("button", name="Record what I received").click()
    page.get_by_text("Sponsorship recorded.").wait_for()
    assert page.get_by_text("from Dr. Rivera, department chair").is_visible()
    screenshot(page, "sponsorship-0-received")
    sign_out(page)

    sign_in(page, world.mark.email, factories.PASSWORD)
    page.get_by_role("link", name="Sponsorship I gave").click()
    page.get_by_text("I sponsored one of my mentees").click()
    given = page.locator("details", has_text="I sponsored one of my mentees")
    given.get_by_label("Whom you sponsored").select_option(label="Maya Mentee (EM Clinical Skills)")
    given.get_by_label("Nominated for a committee").check()
    given.get_by_label("What for").fill("Residency selection committee")
    given.get_by_role("button", name="Record sponsorship").click()
    page.get_by_text("Sponsorship recorded.").wait_for()
    _fits(page)
    assert page.get_by_text("for Maya Mentee").is_visible()
    screenshot(page, "sponsorship-1-given")

    acts = SponsorshipAct.objects.order_by("pk")
    assert [(a.recorded_as, a.sponsor_label) for a in acts] == [
        ("recipient", "Dr. Rivera, department chair"),
        ("sponsor", "Mark Mentor"),
    ]
