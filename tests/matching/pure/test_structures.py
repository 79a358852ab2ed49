"""Tiers (one mentor from every tier) and teams (one mentor per role, capped per mentee)."""

from __future__ import annotations

import pytest

from mentora.matching.engine import Mentee, Mentor, Problem, Structure, solve

STUDENTS = [Mentee(f"ms{i}", 3, ("cardiology",) if i % 2 else ("nephrology",))
            for i in range(4)]
TIERED = [
    Mentor("intern-a", 5, 2, ("cardiology",), tier="intern"),
    Mentor("intern-b", 5, 2, ("nephrology",), tier="intern"),
    Mentor("resident-a", 6, 2, ("cardiology",), tier="resident"),
    Mentor("resident-b", 6, 2, ("nephrology",), tier="resident"),
]


@pytest.mark.parametrize("mode", ["welfare", "stable"])
def test_every_student_gets_one_intern_and_one_resident(mode: str) -> None:
    """Seed 000: each student has exactly one mentor from each tier when capacity allows."""
    result = solve(Problem(STUDENTS, TIERED, structure=Structure("tiers")), mode)  # type: ignore[arg-type]
    for student in STUDENTS:
        tiers = sorted(p.slot for p in result.pairs if p.mentee_id == student.id)
        assert tiers == ["intern", "resident"]
    assert result.diagnostics.unmatched == []


def test_tiers_follow_the_students_interest_where_possible() -> None:
    """Within each tier the welfare match pairs students with mentors of their interest."""
    result = solve(Problem(STUDENTS, TIERED, structure=Structure("tiers")), "welfare")
    for pair in result.pairs:
        wanted = "cardiology" if int(pair.mentee_id[-1]) % 2 else "nephrology"
        assert pair.mentor_id.endswith("-a" if wanted == "cardiology" else "-b")
        assert "shared interest in " + wanted in pair.explanation


def test_a_missing_tier_is_reported_for_the_student() -> None:
    """When the resident tier runs out of places the student is told which tier is missing."""
    mentors = [TIERED[0], TIERED[1], Mentor("resident-a", 6, 1, tier="resident")]
    result = solve(Problem(STUDENTS, mentors, structure=Structure("tiers")), "welfare")
    missing = [(u.person_id, u.slot, u.reason) for u in result.diagnostics.unmatched
               if u.side == "mentee"]
    assert len(missing) == 3
    assert {slot for _, slot, _ in missing} == {"resident"}
    assert {reason for _, _, reason in missing} == {"capacity spent"}


FACULTY = [
    Mentor("career", 13, 3, role="career"),
    Mentor("research", 14, 3, role="research"),
    Mentor("clinical", 13, 3, role="clinical"),
    Mentor("sponsor", 15, 3, role="sponsor"),
]


@pytest.mark.parametrize(("roles", "cap", "expected"), [
    (("career", "research"), None, {"career", "research"}),
    ((), None, {"career", "research", "clinical", "sponsor"}),
    ((), 2, 2),
    (("sponsor",), 3, {"sponsor"}),
])
def test_teams_give_one_mentor_per_role_needed(roles: tuple[str, ...], cap: int | None,
                                               expected: set[str] | int) -> None:
    """A team has at most one mentor per role, only roles the mentee needs, and its cap."""
    mentee = Mentee("asst-prof", 12, roles=roles)
    problem = Problem([mentee], FACULTY, structure=Structure("teams", max_per_mentee=cap))
    got = [p.slot for p in solve(problem, "welfare").pairs]
    assert len(got) == len(set(got))
    if isinstance(expected, int):
        assert len(got) == expected
    else:
        assert set(got) == expected


def test_stable_teams_refuse_a_cap_below_the_roles_needed() -> None:
    """Deferred acceptance fills every role independently, so a team cap needs welfare mode."""
    from mentora.matching.engine import MatchingError

    problem = Problem([Mentee("x", 12)], FACULTY, structure=Structure("teams", max_per_mentee=1))
    with pytest.raises(MatchingError, match="welfare"):
        solve(problem, "stable")
