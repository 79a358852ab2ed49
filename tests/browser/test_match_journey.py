"""A coordinator runs a tiered match, pins one pair, forbids another, runs again and publishes."""

from __future__ import annotations

import pytest

from mentora.matching.models import MatchRun
from mentora.mentorships.models import Mentorship
from tests import factories
from tests.browser.conftest import screenshot, sign_in
from tests.matching.builders import tiered_clerkship

pytestmark = pytest.mark.browser


def _proposal(run, student, slot):
    pair = next(p for p in run.pairs if p.mentee_id == str(student.pk) and p.slot == slot)
    return int(pair.mentor_id)


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
    resident = names[_proposal(first, student, "Resident")]
    intern = names[_proposal(first, other, "Intern")]
    page.get_by_role("button", name=f"Pin {student.full_name} with {resident}").click()
    page.get_by_text(f"Pinned {student.full_name} with {resident} for the next run").wait_for()
    page.get_by_role("button", name=f"Forbid {other.full_name} with {intern}").click()
    page.get_by_text(f"Forbade {other.full_name} with {intern} for the next run").wait_for()
    page.get_by_role("button", name="Run again with these adjustments").click()
    page.get_by_role("heading", name="Run 2").wait_for()

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

    page.get_by_role("button", name="Publish this match").click()
    page.get_by_text("8 new mentorships").wait_for()  # what it changes, before it does
    assert Mentorship.objects.filter(cohort=cohort, source="matched").count() == 0
    page.get_by_role("button", name="Publish run 2").click()
    page.get_by_text("Published run 2: 8 new mentorships").wait_for()
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
