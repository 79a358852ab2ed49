"""On a phone: a mentee's action item box can be seen and ticked (WCAG AA: 3:1 for a control
against its background), and each folded section shows a disclosure marker."""

from __future__ import annotations

import pytest
from django.utils import timezone

from mentora.mentorships.actions.goals import do_add_action_item
from mentora.people.ladder import Stage
from tests import factories
from tests.browser.conftest import screenshot, sign_in

pytestmark = pytest.mark.browser

# Relative luminance and contrast, as WCAG 2.1 defines them, computed in the page.
CONTRAST = """(element) => {
  const rgb = (text) => text.match(/[0-9.]+/g).slice(0, 3).map(Number);
  const lum = ([r, g, b]) => {
    const f = (c) => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  let back = element, bg = "rgba(0, 0, 0, 0)";
  while (back && (bg === "rgba(0, 0, 0, 0)" || bg === "transparent")) {
    bg = getComputedStyle(back).backgroundColor; back = back.parentElement;
  }
  const a = lum(rgb(getComputedStyle(element).color)), b = lum(rgb(bg));
  return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
}"""


@pytest.mark.django_db(transaction=True)
def test_action_items_are_visible_and_folded_sections_have_a_marker(phone_page):
    page = phone_page
    alice = factories.make_user("alice@example.edu")
    cohort = factories.make_cohort(factories.make_program("Clerkship", alice))
    mark = factories.make_person("Mark Mentor", Stage.PGY2)
    maya = factories.make_person("Maya Mentee", Stage.MS3)
    factories.enrol(cohort, mark, "mentor", capacity=1)
    factories.enrol(cohort, maya)
    pair = factories.pair(cohort, mark, maya)
    do_add_action_item(pair, "Read the sepsis guideline", maya, timezone.now())

    sign_in(page, maya.email, factories.PASSWORD)
    page.goto(f"/mentorships/{pair.pk}/")
    tick = page.get_by_role("button", name="Mark done: Read the sepsis guideline")
    assert tick.evaluate(CONTRAST) >= 3
    box = tick.bounding_box()
    assert box["width"] >= 44 and box["height"] >= 44  # a thumb reaches it
    tick.focus()
    assert tick.evaluate("(e) => getComputedStyle(e).outlineStyle") != "none"
    tick.click()
    page.get_by_role("button", name="Mark not done: Read the sepsis guideline").wait_for()

    page.goto(f"/mentorships/{pair.pk}/meetings/log/")
    summary = page.locator("summary").first
    marker = summary.evaluate("(e) => getComputedStyle(e, '::before').content")
    assert marker not in ("none", "normal", "")
    screenshot(page, "action-items-and-disclosure-on-a-phone")
