"""The worlds the browser journeys start from, built once here rather than in each test.

`a_pair()`: Alice coordinates a program whose cohort has Mark (an assistant professor, two
places) mentoring Maya (MS3), an active pair since the cohort's first day. All of them sign in
with factories.PASSWORD.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from mentora.mentorships.models import Mentorship
from mentora.people.ladder import Stage
from mentora.people.models import Person
from mentora.programs.models import Cohort, Program
from tests import factories


@dataclass(frozen=True)
class PairWorld:
    alice: Any  # the coordinator's account
    program: Program
    cohort: Cohort
    mark: Person  # the mentor
    maya: Person  # the mentee
    pair: Mentorship


def a_pair(
    program: str = "EM Clinical Skills", year: str = "2026-27", **program_fields: object
) -> PairWorld:
    """Mark mentors Maya in a cohort of `program` for the academic `year` (July to June)."""
    alice = factories.make_user("alice@example.edu")
    made = factories.make_program(program, alice, **program_fields)
    cohort = factories.make_cohort(made, year)
    mark = factories.make_person("Mark Mentor", Stage.ASSISTANT_PROFESSOR)
    maya = factories.make_person("Maya Mentee", Stage.MS3)
    factories.enrol(cohort, mark, "mentor", capacity=2)
    factories.enrol(cohort, maya)
    return PairWorld(alice, made, cohort, mark, maya, factories.pair(cohort, mark, maya))


def sign_out(page: Any) -> None:
    """Sign out from the menu, as a person would, and wait for the sign-in page."""
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/login/**")
