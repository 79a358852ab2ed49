"""Issue 13, done when: the coordinator's first week in one browser session. From their home
page to the cohort, they enrol people from the Excel template, run a match, pin one pair and
forbid another, run again, read what publishing will change, confirm, and find the pairs made."""

from __future__ import annotations

import pytest

from mentora.matching.models import MatchRun
from mentora.mentorships.models import Mentorship
from mentora.people.models import Person
from tests import factories
from tests.browser.conftest import screenshot, sign_in
from tests.browser.journeys import (
    ask_to_publish,
    confirm_publication,
    enrol_from_the_excel_template,
    forbid,
    pin,
    proposed_mentor,
    run_again,
)

pytestmark = pytest.mark.browser

MENTEES = ["Renée Dubois", "Priya Patel", "Tomás Ruiz", "Ada Nwosu"]
MENTORS = ["Omar Haddad", "Grace Lin", "Sam Okafor"]
INTERESTS = ["Cardiology", "Emergency medicine", "Pediatrics", "Cardiology"]


def _people() -> list[dict[str, object]]:
    mentees = [{"name": name, "email": f"mentee{k}@example.edu", "career_stage": "MS3",
                "role": "mentee", "specialty_interests": INTERESTS[k]}
               for k, name in enumerate(MENTEES)]
    mentors = [{"name": name, "email": f"mentor{k}@example.edu", "career_stage": "PGY-2",
                "role": "mentor", "capacity": 2, "mentor_trained": True,
                "specialty_interests": INTERESTS[k]}
               for k, name in enumerate(MENTORS)]
    return mentees + mentors


@pytest.mark.django_db(transaction=True)
def test_the_coordinators_first_week_from_spreadsheet_to_published_match(page, tmp_path):
    alice = factories.make_user("alice@example.edu")
    program = factories.make_program("EM Clinical Skills", alice)
    cohort = factories.make_cohort(program)

    sign_in(page, "alice@example.edu", factories.PASSWORD)
    page.get_by_role("region", name="Programs I coordinate").get_by_role(
        "link", name=program.name).click()
    page.get_by_role("link", name=cohort.name).click()
    page.get_by_role("link", name="Enrol from a spreadsheet").click()
    enrol_from_the_excel_template(page, tmp_path, _people())
    enrolled = page.locator("table").first.inner_text()
    assert all(name in enrolled for name in MENTEES + MENTORS)
    screenshot(page, "coordinator-week-1-enrolled")

    page.get_by_role("link", name="Match", exact=True).click()
    page.get_by_label("Objective").select_option("welfare")
    page.get_by_role("button", name="Run the match").click()
    page.get_by_role("heading", name="Proposals (4 pairs; 100% of 4 mentees matched)").wait_for()

    first = MatchRun.objects.get(cohort=cohort, number=1)
    people = {p.full_name: p for p in Person.objects.filter(enrolments__cohort=cohort)}
    names = {p.pk: name for name, p in people.items()}
    kept, moved = MENTEES[0], MENTEES[1]
    kept_with = names[proposed_mentor(first, people[kept])]
    moved_from = names[proposed_mentor(first, people[moved])]
    pin(page, kept, kept_with)
    forbid(page, moved, moved_from)
    run_again(page, 2)

    second = MatchRun.objects.get(cohort=cohort, number=2)
    assert names[proposed_mentor(second, people[kept])] == kept_with
    assert names[proposed_mentor(second, people[moved])] != moved_from
    table = page.locator("table").first
    pinned = table.locator("tr", has_text=kept).filter(has_text=kept_with)
    assert "pinned by the coordinator" in pinned.inner_text()
    assert table.locator("tr", has_text=moved).filter(has_text=moved_from).count() == 0
    screenshot(page, "coordinator-week-2-adjusted")

    ask_to_publish(page, 4)
    changes = page.locator("main").inner_text()
    assert "0 current mentorships ended by this run" in changes
    assert "people with a new pair, by email" in changes
    assert not Mentorship.objects.filter(cohort=cohort).exists()  # nothing before confirming
    screenshot(page, "coordinator-week-3-confirm")
    confirm_publication(page, 2, 4)

    made = Mentorship.objects.filter(cohort=cohort, source="matched")
    assert made.count() == 4
    assert made.filter(mentee=people[kept], mentor=people[kept_with]).exists()
    assert not made.filter(mentee=people[moved], mentor=people[moved_from]).exists()
    page.goto(f"/cohorts/{cohort.pk}/")
    pairs = page.locator("#pairs + .table-wrap table")
    assert kept_with in pairs.get_by_role("row").filter(has_text=kept).inner_text()
    screenshot(page, "coordinator-week-4-published")
