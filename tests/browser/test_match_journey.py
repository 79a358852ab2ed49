"""A coordinator runs a tiered match, pins one pair, forbids another, runs again and publishes."""

from __future__ import annotations

import pytest

from mentora.matching.models import MatchRun
from mentora.mentorships.models import Mentorship
from tests import factories
from tests.browser.conftest import screenshot, sign_in
from tests.browser.journeys import (
    ask_to_publish,
    confirm_publication,
    forbid,
    pin,
    proposed_mentor,
    run_again,
)
from tests.matching.builders import tiered_clerkship

pytestmark = pytest.mark.browser


@pytest.mark.django_db(transaction=True)
def test_coordinator_runs_adjusts_and_publishes_a_tiered_match(page):
    alice = factories.make_user("alice@example.edu")
    clerkship = tiered_clerkship(alice)
    cohort = clerkship.cohort
    sign_in(page, "alice@example.edu", factories.PASSWORD)
    page.goto(f"/cohorts/{cohort.pk}/")
    page.get_by_role("link", name="Match", exact=True).click()
    page.get_by_label("Objective").select_option("welfare")
    page.get_by_role("button", name="Run the match").click()
    page.get_by_role("heading", name="Proposals (8 pairs; 100% of 4 mentees matched)").wait_for()

    first = MatchRun.objects.get(cohort=cohort, number=1)
    student, other = clerkship.students[0], clerkship.students[1]
    names = {p.pk: p.full_name for p in [*clerkship.interns, *clerkship.residents]}
    resident = names[proposed_mentor(first, student, "Resident")]
    intern = names[proposed_mentor(first, other, "Intern")]
    pin(page, student.full_name, resident)
    forbid(page, other.full_name, intern)
    run_again(page, 2)

    second = MatchRun.objects.get(cohort=cohort, number=2)
    table = page.locator("table").first
    row = table.locator("tr", has_text=student.full_name).filter(has_text=resident)
    assert "pinned by the coordinator" in row.inner_text()
    forbidden = table.locator("tr", has_text=other.full_name).filter(has_text=intern)
    assert forbidden.count() == 0
    page.get_by_role("link", name="Compare with run 1").click()
    assert other.full_name in page.locator("table").nth(1).inner_text()
    screenshot(page, "coordinator-compares-two-runs")
    page.go_back()
    screenshot(page, "coordinator-reviews-tiered-run")

    ask_to_publish(page, 8)  # what it changes, before it does
    assert Mentorship.objects.filter(cohort=cohort, source="matched").count() == 0
    confirm_publication(page, 2, 8)
    assert Mentorship.objects.filter(cohort=cohort, source="matched").count() == len(second.pairs)
    screenshot(page, "coordinator-publishes-tiered-match")


@pytest.mark.django_db(transaction=True)
def test_a_student_on_a_phone_finds_and_asks_for_a_mentor(phone_page):
    alice = factories.make_user("alice@example.edu")
    clerkship = tiered_clerkship(alice)
    student = clerkship.students[0]
    sign_in(phone_page, student.email, factories.PASSWORD)
    phone_page.get_by_role("link", name="Find a mentor").first.click()
    phone_page.get_by_role("link", name="Browse mentors").click()
    phone_page.get_by_label("Interest contains").fill("cardio")
    phone_page.get_by_role("button", name="Filter").click()
    phone_page.get_by_role("button", name="Ask for Intern 0").click()
    phone_page.get_by_text("You asked for Intern 0").wait_for()
    assert phone_page.get_by_text("your choice 1").is_visible()
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    screenshot(phone_page, "student-asks-for-a-mentor-phone")
