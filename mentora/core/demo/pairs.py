"""Demo pairs by shared specialty and remaining load: what a committee would do by hand.

Kept until the matching workflow publishes the demo's matches itself.
"""

from __future__ import annotations

from datetime import timedelta

from mentora.core.demo.context import DemoContext
from mentora.mentorships.models import Mentorship
from mentora.programs.models import Enrollment, Program


def _shared(a: Enrollment, b: Enrollment) -> int:
    mine = {i.pk for i in a.person.specialty_interests.all()}
    return len(mine & {i.pk for i in b.person.specialty_interests.all()})


def _pick(mentee: Enrollment, mentors: list[Enrollment], load: dict[int, int]) -> Enrollment | None:
    open_mentors = [m for m in mentors if load[m.pk] < m.capacity]
    if not open_mentors:
        return None
    return max(open_mentors, key=lambda m: (_shared(mentee, m), -load[m.pk]))


def pair_participants(ctx: DemoContext) -> None:
    for cohort in ctx.cohorts.values():
        enrollments = list(
            cohort.enrollments.select_related("person", "tier").prefetch_related(
                "person__specialty_interests"
            )
        )
        mentees = [e for e in enrollments if e.role == "mentee"]
        mentors = [e for e in enrollments if e.role == "mentor"]
        load = {m.pk: 0 for m in mentors}
        kind = cohort.program.kind
        if kind == Program.Kind.TIERED:
            groups = {
                t.name: [m for m in mentors if m.tier_id == t.pk]
                for t in cohort.program.tiers.all()
            }
            roles = [("near_peer", tier, pool) for tier, pool in groups.items()]
        elif kind == Program.Kind.TEAM:
            roles = [("career", "", mentors), ("research", "", mentors)]
        else:
            roles = [("career", "", mentors)]
        for mentee in mentees:
            taken: set[int] = set()
            for role, tier, pool in roles:
                mentor = _pick(mentee, [m for m in pool if m.person_id not in taken], load)
                if mentor is None:
                    continue
                load[mentor.pk] += 1
                taken.add(mentor.person_id)
                Mentorship.objects.create(
                    cohort=cohort,
                    mentor=mentor.person,
                    mentee=mentee.person,
                    role=role,
                    tier=tier,
                    source=Mentorship.Source.MATCHED,
                    status=Mentorship.Status.ACTIVE,
                    started_on=cohort.starts_on + timedelta(days=ctx.rng.randint(7, 21)),
                )
        ctx.say(f"  {cohort.program.name}: {cohort.mentorships.count()} mentorships")
