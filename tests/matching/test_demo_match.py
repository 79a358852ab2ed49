"""The demo publishes an engine-made match for every seed program and leaves one draft."""

from __future__ import annotations

import pytest

from mentora.matching.models import MatchRun
from mentora.matching.runs import solve_snapshot
from mentora.mentorships.models import Mentorship
from mentora.programs.models import Program

pytestmark = pytest.mark.django_db


def test_every_seed_program_has_a_published_engine_match(demo):
    for program in Program.objects.filter(is_synthetic=True):
        run = MatchRun.objects.get(cohort__program=program, status="published")
        made = Mentorship.objects.filter(cohort__program=program, source="matched")
        assert made.count() == len(run.pairs) > 0, program.name


def test_each_clerkship_student_has_an_intern_and_a_resident(demo):
    clerkship = Program.objects.get(slug="im-clerkship-near-peer")
    cohort = clerkship.cohorts.get()
    for enrolment in cohort.enrolments.filter(role="mentee"):
        tiers = sorted(
            Mentorship.objects.filter(cohort=cohort, mentee=enrolment.person).values_list(
                "tier", flat=True
            )
        )
        assert tiers == ["Intern", "Upper-level resident"]


def test_every_gme_resident_has_a_team_and_teams_are_as_full_as_places_allow(demo):
    cohort = Program.objects.get(slug="gme-mentorship-sponsorship").cohorts.get()
    pairs = Mentorship.objects.filter(cohort=cohort)
    mentees = cohort.enrolments.filter(role__in=["mentee", "both"])
    assert set(pairs.values_list("mentee_id", flat=True)) == set(
        mentees.values_list("person_id", flat=True)
    )
    places = sum(cohort.enrolments.filter(role="mentor").values_list("capacity", flat=True))
    assert pairs.count() == min(places, 3 * mentees.count())


def test_gme_teams_have_mentors_in_distinct_roles(demo):
    pairs = Mentorship.objects.filter(cohort__program__slug="gme-mentorship-sponsorship")
    assert set(pairs.values_list("role", flat=True)) == {"career", "research", "sponsor"}
    seen = set()
    for mentee_id, role in pairs.values_list("mentee_id", "role"):
        assert (mentee_id, role) not in seen
        seen.add((mentee_id, role))


@pytest.mark.parametrize("email", ["student@demo.mentora.test", "intern@demo.mentora.test"])
def test_demo_logins_have_mentors(demo, email):
    assert Mentorship.objects.filter(mentee__email=email, status="active").exists()


def test_the_intern_also_mentors(demo):
    assert Mentorship.objects.filter(mentor__email="intern@demo.mentora.test").exists()


def test_a_draft_run_with_a_pin_waits_and_reproduces(demo):
    draft = MatchRun.objects.get(status="done", cohort__program__slug="im-clerkship-near-peer")
    assert draft.pins and draft.forbids and draft.break_current
    pinned = tuple(str(i) for i in draft.pins[0])
    assert pinned in {(p.mentee_id, p.mentor_id) for p in draft.pairs}
    again, _ = solve_snapshot(draft.snapshot)
    assert {(p.mentee_id, p.mentor_id) for p in again.pairs} == {
        (p.mentee_id, p.mentor_id) for p in draft.pairs
    }
