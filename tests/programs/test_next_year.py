from __future__ import annotations

from mentora.people.ladder import Stage
from mentora.programs.actions import do_start_next_year
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
