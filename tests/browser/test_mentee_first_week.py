"""On a phone, a mentee's first week (issue 13, done when): she edits her profile, and an interest
typed in another case joins the known one; she asks for a mentor, where the mentor she already
has is not offered; she signs the agreement, writes her development plan and shares it straight
away (sharing saves the text first); her mentor reads it."""

from __future__ import annotations

import re

import pytest

from mentora.people.interests import interest_named
from mentora.people.ladder import Stage
from tests import factories
from tests.browser.conftest import PHONE, screenshot, sign_in
from tests.browser.worlds import a_pair, sign_out

pytestmark = pytest.mark.browser

GOALS = "Run a resuscitation as team leader, with feedback"


def _fits_the_phone(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} scrolls sideways on a phone ({width}px)"


def _tables_fit_the_phone(page) -> None:
    """A short table (a few columns) is read without scrolling it sideways in its box."""
    widths = page.locator(".table-wrap").evaluate_all(
        "boxes => boxes.map(b => [b.scrollWidth, b.clientWidth])"
    )
    assert widths, f"no table on {page.url}"
    assert all(scroll <= client for scroll, client in widths), f"{page.url}: {widths}"


def _boxes_a_thumb_can_hit(page) -> None:
    """Every checkbox and radio button is at least 24px square (the browser's own is 13px)."""
    small = page.locator("input[type=checkbox]:visible, input[type=radio]:visible").evaluate_all(
        """boxes => boxes.map(b => b.getBoundingClientRect())
            .filter(r => r.width < 24 || r.height < 24)
            .map(r => `${r.width}x${r.height}`)"""
    )
    assert page.locator("input[type=checkbox]:visible").count(), f"no checkbox on {page.url}"
    assert not small, f"{page.url} has boxes too small to tap: {small}"


@pytest.mark.django_db(transaction=True)
def test_a_mentee_edits_her_profile_asks_for_a_mentor_signs_and_shares_her_plan(phone_page):
    page = phone_page
    world = a_pair()
    maya, mark = world.maya, world.mark
    nora = factories.make_person("Nora Research", Stage.ASSISTANT_PROFESSOR)
    factories.enrol(world.cohort, nora, "mentor", capacity=2)
    nora.specialty_interests.add(interest_named("specialty", "Emergency Medicine"))

    sign_in(page, maya.email, factories.PASSWORD)
    menu = page.get_by_role("navigation", name="Main")
    menu.get_by_role("link", name="My profile").click()
    page.get_by_role("heading", name="My profile").wait_for()
    known = page.locator("#known-specialties option")
    assert known.evaluate_all("options => options.map(o => o.value)") == ["Emergency Medicine"]
    page.get_by_label("Add specialty interests").fill("emergency medicine")
    page.get_by_label("What I hope to gain from mentoring").fill(GOALS)
    page.get_by_label("How I like to communicate").select_option(label="Direct and brief")
    page.get_by_label("My time zone").select_option("America/New_York")
    _fits_the_phone(page)
    _boxes_a_thumb_can_hit(page)
    page.get_by_role("button", name="Save my profile").click()
    page.get_by_text("Profile saved.").wait_for()
    # One interest, under the spelling already known; the list offered still has it once.
    assert page.get_by_role("checkbox", name="Emergency Medicine", exact=True).is_checked()
    assert page.get_by_role("checkbox", name=re.compile("emergency medicine", re.I)).count() == 1
    assert known.evaluate_all("options => options.map(o => o.value)") == ["Emergency Medicine"]
    assert page.get_by_label("What I hope to gain from mentoring").input_value() == GOALS
    screenshot(page, "mentee-week-1-profile")

    menu.get_by_role("link", name="Find a mentor").click()
    page.get_by_role("link", name="Browse mentors").click()
    cards = page.locator("ul.cards li.card")
    page.get_by_label("Interest contains").wait_for()
    page.wait_for_load_state()  # its stylesheet too
    _boxes_a_thumb_can_hit(page)  # "Only people with a place left"
    # Filtering in another case finds the mentor of that interest.
    page.get_by_label("Interest contains").fill("EMERGENCY")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url(re.compile("EMERGENCY"))  # the filtered page, not the list before it
    assert cards.locator("h3").all_inner_texts() == ["Nora Research"]
    # The mentor she already has is not offered.
    menu.get_by_role("link", name="Find a mentor").click()
    page.get_by_role("link", name="Browse mentors").click()
    assert "Mark Mentor" not in cards.locator("h3").all_inner_texts()
    assert page.get_by_role("button", name="Ask for Mark Mentor").count() == 0
    page.get_by_role("button", name="Ask for Nora Research").click()
    page.get_by_text("You asked for Nora Research.").wait_for()
    assert cards.filter(has_text="Nora Research").get_by_text("your choice 1").is_visible()
    _fits_the_phone(page)

    menu.get_by_role("link", name="Home").click()
    page.locator("#my-mentors ~ ul").get_by_role("link", name="Mark Mentor").click()
    page.get_by_role("link", name=re.compile("the agreement")).click()
    page.get_by_role("button", name="Sign version 1").click()
    page.get_by_text("You signed version 1.").wait_for()
    _fits_the_phone(page)
    _tables_fit_the_phone(page)  # its versions, both signatures in sight

    page.get_by_role("link", name=re.compile("Maya Mentee and Mark Mentor")).click()
    page.get_by_role("link", name="Start my development plan").click()
    page.get_by_label("Over-lunch plan: four short questions").check()
    page.get_by_role("button", name="Start").click()
    plan_url = page.url
    page.get_by_label("My three goals for this year").fill(GOALS)
    page.get_by_label("What would help").fill("An hour a month in the simulation lab")
    _fits_the_phone(page)
    # Shared without saving first: the text typed is saved with it.
    page.get_by_role("button", name="Save and share with my mentors").click()
    page.get_by_text("Plan saved. Your mentors can now read it.").wait_for()
    assert page.get_by_label("My three goals for this year").input_value() == GOALS
    screenshot(page, "mentee-week-2-plan-shared")
    sign_out(page)

    sign_in(page, mark.email, factories.PASSWORD)
    page.locator("#my-mentees ~ ul").get_by_role("link", name="Maya Mentee").click()
    page.locator("#plan-h ~ p").get_by_role("link").click()
    assert page.url == plan_url
    assert page.get_by_text(GOALS).is_visible()
    assert page.get_by_text("An hour a month in the simulation lab").is_visible()
    assert page.get_by_role("heading", name="Review and sign off").is_visible()
