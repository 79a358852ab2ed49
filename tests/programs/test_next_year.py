"""The next academic year: trainees move up once, what it changes is confirmed first, the closed
cohort keeps its history, and incoming students matriculate rather than carry over."""

from __future__ import annotations

from django.urls import reverse

from mentora.people.ladder import Stage
from mentora.programs.actions import do_start_next_year, next_year_plan
from mentora.programs.models import Cohort
from tests import factories


def test_next_year_opens_a_cohort_and_moves_trainees_up_once(world):
    world.maya.refresh_from_db()
    other_program_cohort = world.faculty_cohort
    factories.enrol(other_program_cohort, world.maya)
    new = do_start_next_year(world.cohort)
    assert new.academic_year == "2027-28"
    assert new.program == world.clerkship and new.previous == world.cohort
    assert new.starts_on.year == world.cohort.starts_on.year + 1
    world.maya.refresh_from_db()
    world.mark.refresh_from_db()
    assert (world.maya.career_stage, world.mark.career_stage) == (Stage.MS4, Stage.PGY3)
    do_start_next_year(other_program_cohort)
    world.maya.refresh_from_db()
    assert world.maya.career_stage == Stage.MS4  # not advanced twice for the same year
    assert set(new.enrolments.values_list("person__full_name", flat=True)) == {
        "Mark Mentor",
        "Maya Mentee",
        "Nina Other",
    }


def test_starting_the_next_year_says_what_it_changes_and_waits_for_confirmation(world, login):
    client = login(world.alice)
    url = reverse("cohort_next_year", args=[world.cohort.pk])
    asked = client.get(url, {"carry_over": "on"}).content.decode()
    assert "Start the academic year 2027-28?" in asked
    assert "3 people move up a career stage" in asked
    assert "<td>Maya Mentee</td><td>MS3</td><td>MS4</td>" in asked
    assert "3 enrolments are carried over" in asked
    assert client.post(url, {"carry_over": "on"}).status_code == 200  # asked again, not done
    assert not Cohort.objects.filter(previous=world.cohort).exists()
    world.maya.refresh_from_db()
    assert world.maya.career_stage == Stage.MS3

    done = client.post(url, {"carry_over": "on", "confirm": "yes"})
    new = Cohort.objects.get(previous=world.cohort)
    assert done.status_code == 302 and done["Location"] == reverse("cohort", args=[new.pk])


def test_the_closed_cohort_keeps_the_stages_its_people_held(world, login):
    do_start_next_year(world.cohort)
    world.maya.refresh_from_db()
    assert world.maya.career_stage == Stage.MS4
    page = login(world.alice).get(reverse("cohort", args=[world.cohort.pk])).content.decode()
    assert "<td>MS3</td>" in page and "<td>MS4</td>" not in page


def test_pre_matriculants_are_not_carried_as_mentees_of_a_program_for_incoming_students(world):
    program = factories.make_program("Prematriculation", world.alice)
    cohort = factories.make_cohort(program)
    pia = factories.make_person("Pia Prematric", Stage.PRE_MATRICULANT)
    bea = factories.make_person("Bea Both", Stage.PRE_MATRICULANT)
    factories.enrol(cohort, pia)
    factories.enrol(cohort, bea, "both")
    factories.enrol(cohort, world.mark, "mentor", capacity=2)
    plan = next_year_plan(cohort)
    assert [e.person.full_name for e in plan.matriculated] == ["Bea Both", "Pia Prematric"]
    new = do_start_next_year(cohort)
    roles = dict(new.enrolments.values_list("person__full_name", "role"))
    assert roles == {"Mark Mentor": "mentor", "Bea Both": "mentor"}
    pia.refresh_from_db()
    assert pia.career_stage == Stage.MS1
