"""A cohort becomes the engine's inputs: stages, tiers, capacity, requests, asked-for affinity."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from mentora.matching.adapter import build_problem, weights_for
from mentora.matching.engine import Weights, solve
from mentora.matching.groups import URIM, group_code
from mentora.matching.models import MatchPreference, MatchRequest, MatchSettings
from mentora.matching.snapshot import problem_from_json, problem_to_json
from mentora.people.ladder import Stage
from tests import factories
from tests.matching.builders import demographics, enrol, tiered_clerkship

NOW = datetime(2026, 8, 1, 12, tzinfo=UTC)
pytestmark = pytest.mark.django_db


def test_tiered_cohort_gives_each_student_one_mentor_per_tier(world):
    clerkship = tiered_clerkship(world.alice)
    result = solve(build_problem(clerkship.cohort))
    for student in clerkship.students:
        slots = sorted(p.slot for p in result.pairs if p.mentee_id == str(student.pk))
        assert slots == ["Intern", "Resident"]


def test_shared_interest_wins_the_intern(world):
    """Student 0 and Intern 0 both like cardiology, so they are paired."""
    clerkship = tiered_clerkship(world.alice)
    result = solve(build_problem(clerkship.cohort))
    pair = next(p for p in result.pairs
                if p.mentee_id == str(clerkship.students[0].pk) and p.slot == "Intern")
    assert pair.mentor_id == str(clerkship.interns[0].pk)
    assert "cardiology" in pair.explanation.lower()


def test_program_weights_override_the_engine_defaults(world):
    MatchSettings.objects.create(program=world.clerkship, weights={"site": 9, "bogus": 1})
    weights = weights_for(world.clerkship)
    assert weights.site == 9.0
    assert weights.specialty == Weights().specialty


def test_active_pairs_are_kept_and_count_against_capacity(world):
    problem = build_problem(world.cohort)
    assert (str(world.maya.pk), str(world.mark.pk)) in problem.constraints.current
    assert problem.mentors[0].capacity == 2


def test_off_ladder_mentor_is_never_within_the_gap(world):
    staff = factories.make_person("Sam Staff", Stage.STAFF)
    factories.enrol(world.faculty_cohort, staff, "mentor", capacity=3)
    factories.enrol(world.faculty_cohort, factories.make_person("Fay", Stage.INSTRUCTOR))
    result = solve(build_problem(world.faculty_cohort))
    assert result.pairs == []


@pytest.mark.parametrize("asked, expected_affinity", [(False, ()), (True, ("gender",))])
def test_gender_enters_only_when_the_mentee_asked(world, asked, expected_affinity):
    demographics(world.maya, gender="woman")
    demographics(world.mark, gender="woman")
    enrolment = world.cohort.enrolments.get(person=world.maya)
    MatchPreference.objects.create(enrolment=enrolment, same_gender=asked)
    problem = build_problem(world.cohort)
    maya = next(m for m in problem.mentees if m.id == str(world.maya.pk))
    assert maya.affinity == expected_affinity
    assert (maya.gender != "") == asked
    assert "woman" not in str(problem_to_json(problem))


def test_underrepresented_mentees_form_the_equity_group(world):
    demographics(world.nina, underrepresented="yes")
    problem = build_problem(world.cohort)
    groups = {m.id: m.group for m in problem.mentees}
    assert groups[str(world.nina.pk)] == group_code(world.cohort.pk, URIM)
    assert groups[str(world.maya.pk)] not in ("", groups[str(world.nina.pk)])
    assert problem.equity is not None and problem.equity.group == groups[str(world.nina.pk)]


def test_open_requests_become_ordered_requested_lists(world):
    other = factories.make_person("Omar Other", Stage.PGY3)
    factories.enrol(world.cohort, other, "mentor", capacity=1)
    for rank, mentor in enumerate([other, world.mark], start=1):
        MatchRequest.objects.create(cohort=world.cohort, mentee=world.maya, mentor=mentor,
                                    side="mentee", rank=rank, created_at=NOW)
    MatchRequest.objects.create(cohort=world.cohort, mentee=world.nina, mentor=other,
                                side="mentor", created_at=NOW)
    problem = build_problem(world.cohort)
    maya = next(m for m in problem.mentees if m.id == str(world.maya.pk))
    omar = next(m for m in problem.mentors if m.id == str(other.pk))
    assert maya.requested == (str(other.pk), str(world.mark.pk))
    assert omar.requested == (str(world.nina.pk),)


def test_a_person_enrolled_as_both_is_never_their_own_mentor(world):
    both = factories.make_person("Bea Both", Stage.PGY1)
    enrol(world.faculty_cohort, both, "both", capacity=1)
    problem = build_problem(world.faculty_cohort)
    assert (str(both.pk), str(both.pk)) in problem.constraints.forbidden


def test_snapshot_round_trip_gives_an_equal_problem(world):
    clerkship = tiered_clerkship(world.alice)
    problem = build_problem(clerkship.cohort, pins=[(clerkship.students[0].pk,
                                                     clerkship.residents[0].pk)])
    again = problem_from_json(problem_to_json(problem))
    assert again == problem


def test_the_snapshot_keeps_every_field_of_the_engines_problem(world):
    """A field added to the engine's Problem must be stored too, or a run would not
    reproduce; this fails until snapshot.py learns it."""
    from dataclasses import fields, replace

    from mentora.matching.engine import Problem

    stored = set(problem_to_json(build_problem(world.cohort)))
    assert {f.name for f in fields(Problem)} - {"candidates"} <= stored
    problem = replace(build_problem(world.cohort), rank_requests=True, top_k=7)
    assert problem_from_json(problem_to_json(problem)) == problem
