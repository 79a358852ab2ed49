"""axe-core (through axe-playwright-python, which bundles it) finds no serious or critical
accessibility violation on the main pages of every persona, each signed in as that persona:
coordinators and evaluators on a desktop, mentors and mentees on a phone.

Each page is built with the data of its page-budget scene (tests/core/test_page_budgets.py),
so it shows what it lists. A failure names every violation: its rule, impact, the page and the
elements (CSS selectors) it found, and axe's help text.
"""

from __future__ import annotations

import os
import re
from typing import Any

import pytest
from django.urls import reverse

from tests.browser.conftest import screenshot, sign_in
from tests.conftest import World
from tests.core.test_page_budgets import PAGES, SMALL, auditor, evaluator
from tests.factories import PASSWORD
from tests.personas import account, coordinator, mentee, mentor

pytestmark = pytest.mark.browser

SERIOUS = ("serious", "critical")
SCENES = {page.name: page.scene for page in PAGES}

# persona: (who, on a phone, the pages they open, by URL name, in this order)
ROUNDS: dict[str, tuple[Any, bool, list[str]]] = {
    # match_run last: its scene clears the cohort's pairs for the match to propose new ones
    "coordinator": (coordinator, False, [
        "home", "program", "cohort", "cohort_blocks", "block", "cohort_relationships", "at_risk",
        "cohort_surveys",
        "survey_wave",
        "evaluation_report", "evaluation_scholarship", "qda_project", "qda_codebook",
        "qda_table", "cohort_events", "event", "api_tokens", "match_runs", "match_run"]),
    "mentor": (mentor, True, ["home", "mentorship", "log_meeting", "meeting_held",
                              "new_mini_cex", "pair_feedback"]),
    "mentee": (mentee, True, ["home", "my_profile", "plan", "goal", "agreement",
                              "match_browse", "mini_cex", "survey_respond", "notifications",
                              "notification_preferences", "pulse", "event", "mentor_offer"]),
    "evaluator": (evaluator, False, ["home", "evaluation_report", "qda_source",
                                     "qda_agreement"]),
    "auditor": (auditor, False, ["audit_log"]),
}


def _axe(page: Any) -> list[dict[str, Any]]:
    try:
        from axe_playwright_python.sync_playwright import Axe
    except ImportError:
        if os.environ.get("MENTORA_REQUIRE_BROWSER"):
            pytest.fail("MENTORA_REQUIRE_BROWSER is set but axe-playwright-python is missing")
        pytest.skip("axe-playwright-python is not installed (pip install -e '.[dev]')")
    return list(Axe().run(page).response["violations"])


def _described(path: str, violation: dict[str, Any]) -> str:
    targets = "; ".join(" ".join(node["target"]) for node in violation["nodes"])
    return (f"{path}: {violation['id']} ({violation['impact']}) at {targets}: "
            f"{violation['help']}")


@pytest.mark.parametrize("persona", list(ROUNDS))
@pytest.mark.django_db(transaction=True)
def test_main_pages_have_no_serious_accessibility_violation(
    request: pytest.FixtureRequest, world: World, persona: str
) -> None:
    who_of, on_phone, names = ROUNDS[persona]
    page = request.getfixturevalue("phone_page" if on_phone else "page")
    user = account(who_of(world))
    sign_in(page, user.email, PASSWORD)
    found: list[str] = []
    for name in names:
        scene = SCENES[name](world)
        scene.grow(SMALL)
        path = scene.url()
        response = page.goto(path)
        assert response is not None and response.status == 200, f"{path}: {response}"
        page.wait_for_load_state("load")
        found += [_described(path, v) for v in _axe(page) if v["impact"] in SERIOUS]
        screenshot(page, f"accessibility-{persona}-{name}")
    assert not found, f"{len(found)} serious or critical violations:\n" + "\n".join(found)


# Forms sent with what they need left empty, as each persona meets them on a phone:
# (persona, page, a field filled in for them that is emptied first, the button pressed).
SENT_BACK = [
    ("mentor", "log_meeting", "Date", "Save meeting"),
    ("mentor", "new_mini_cex", None, "Save mini-CEX"),
    ("mentee", "new_goal", None, "Save goal"),
    ("mentee", "survey_respond", None, "Submit"),
]


@pytest.mark.parametrize("persona,name,emptied,button", SENT_BACK,
                         ids=[r[1] for r in SENT_BACK])
@pytest.mark.django_db(transaction=True)
def test_forms_sent_back_with_errors_have_no_serious_violation(
    request: pytest.FixtureRequest, world: World, persona: str, name: str, emptied: str | None,
    button: str,
) -> None:
    """A form sent back with its errors stays accessible: each message is in a list, tied to
    its field (axe once found every field error's items in no list)."""
    who_of, on_phone, _ = ROUNDS[persona]
    page = request.getfixturevalue("phone_page" if on_phone else "page")
    sign_in(page, account(who_of(world)).email, PASSWORD)
    scene = SCENES[name](world)
    scene.grow(SMALL)
    page.goto(scene.url())
    if emptied:
        page.get_by_label(re.compile(f"^{emptied}:?$")).fill("")
    page.get_by_role("button", name=button, exact=True).click()
    page.wait_for_load_state("load")
    page.locator(".errorlist, .errors").first.wait_for()
    screenshot(page, f"accessibility-{persona}-{name}-sent-back")
    found = [_described(scene.url(), v) for v in _axe(page) if v["impact"] in SERIOUS]
    assert not found, f"{len(found)} serious or critical violations:\n" + "\n".join(found)


@pytest.mark.django_db(transaction=True)
def test_a_token_made_without_choosing_what_it_reads_is_sent_back_accessibly(
    world: World, page: Any
) -> None:
    """The API tokens page: a name but no part of the API chosen; the message sits with the
    choices, which are one group named by its legend."""
    sign_in(page, account(coordinator(world)).email, PASSWORD)
    page.goto(reverse("api_tokens"))
    page.get_by_label("Name").fill("roster sync")
    page.get_by_role("button", name="Make a token").click()
    page.wait_for_load_state("load")
    group = page.get_by_role("group", name="It may read")
    assert "Choose at least one part of the API" in group.inner_text()
    found = [_described("api_tokens", v) for v in _axe(page) if v["impact"] in SERIOUS]
    assert not found, f"{len(found)} serious or critical violations:\n" + "\n".join(found)
    group.get_by_label("Pairs, meetings and goals").check()
    page.get_by_role("button", name="Make a token").click()
    page.wait_for_load_state("load")
    assert page.get_by_role("cell", name="relationships", exact=True).is_visible()


@pytest.mark.django_db(transaction=True)
def test_the_check_names_each_serious_violation_it_finds(world: World, page: Any) -> None:
    """A control without a name, put into a real page (under its Content-Security-Policy), is
    reported with its rule, impact and element: the check above can fail."""
    sign_in(page, account(coordinator(world)).email, PASSWORD)
    page.goto("/")
    page.evaluate("""() => {
        const b = document.createElement("button"); b.id = "nameless";
        document.querySelector("main").append(b);
    }""")
    found = [_described("/", v) for v in _axe(page) if v["impact"] in SERIOUS]
    assert found == ["/: button-name (critical) at #nameless: Buttons must have discernible text"]


@pytest.mark.django_db(transaction=True)
def test_a_table_wider_than_a_phone_scrolls_from_the_keyboard(world: World, phone_page: Any
                                                            ) -> None:
    """The evidence per competency (six columns) is wider than a phone: its box is a region named
    after the page's heading, in the tab order, and the arrow keys scroll it; on a desktop, where
    it fits, it is not a tab stop."""
    from playwright.sync_api import expect

    page = phone_page
    scene = SCENES["pair_competencies"](world)
    scene.grow(SMALL)
    sign_in(page, account(mentee(world)).email, PASSWORD)
    page.goto(scene.url())
    region = page.get_by_role("region", name=re.compile("evidence per competency"))
    assert region.get_attribute("tabindex") == "0"
    region.focus()
    for _ in range(20):  # smooth scrolling takes a few frames
        page.keyboard.press("ArrowRight")
        if region.evaluate("(e) => e.scrollLeft") > 0:
            break
    assert region.evaluate("(e) => e.scrollLeft") > 0
    page.set_viewport_size({"width": 1280, "height": 800})
    expect(page.locator(".table-wrap")).not_to_have_attribute("tabindex", "0")
    assert page.locator(".table-wrap[role=region]").count() == 0
