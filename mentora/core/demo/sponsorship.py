"""Demo step: sponsorship acts in seed 003's GME program, so its report shows sponsorship
received by gender beside active mentors per mentee (seed 003's comparison).

Women receive fewer acts than men (about 0.8 against 1.6 per mentee), the gap the program was
studied for. Most acts are recorded by the mentee's sponsor (their sponsor mentor when the
team has one), some by the mentee with a sponsor from outside the program. Written directly,
with no random draw, so no later step's draws change.
"""

from __future__ import annotations

from datetime import timedelta

from mentora.core.demo.context import DemoContext
from mentora.mentorships.models import (
    Mentorship,
    MentorshipRole,
    SponsorshipAct,
    SponsorshipKind,
)
from mentora.people.models import Person

# Acts per mentee, cycled through the mentees of each group in the order they were enrolled.
WOMEN = (0, 1, 1, 0, 2)
MEN = (1, 2, 1, 2, 2)
OTHERS = (1,)
ACTS = [
    (SponsorshipKind.AWARD, "Resident teaching award"),
    (SponsorshipKind.COMMITTEE, "Graduate medical education committee"),
    (SponsorshipKind.SPEAKING, "Grand rounds, hospital medicine"),
    (SponsorshipKind.INTRODUCTION, "Introduced to the quality improvement director"),
    (SponsorshipKind.LETTER, "Letter for a fellowship application"),
    (SponsorshipKind.POSITION, "Chief resident"),
]
OUTSIDE = ["Department chair", "Program director, cardiology", "Society regional chapter chair"]


def _gender(person: Person) -> str:
    demographics = getattr(person, "demographics", None)
    return demographics.gender if demographics is not None else ""


def add_sponsorship(ctx: DemoContext) -> None:
    cohort = ctx.cohorts["003"]
    mentees = [
        e.person
        for e in cohort.enrolments.filter(role="mentee")
        .select_related("person__demographics")
        .order_by("pk")
    ]
    pairs = cohort.mentorships.filter(status=Mentorship.Status.ACTIVE).order_by("pk")
    mentors: dict[int, list[Person]] = {}
    for pair in pairs.select_related("mentor"):
        team = mentors.setdefault(pair.mentee_id, [])
        # The team's sponsor mentor first: it is whom a resident is meant to ask.
        if pair.role == MentorshipRole.SPONSOR:
            team.insert(0, pair.mentor)
        else:
            team.append(pair.mentor)
    last = min(cohort.ends_on, ctx.today)
    seen = {"woman": 0, "man": 0, "": 0}
    count = 0
    for person in mentees:
        gender = _gender(person)
        group = gender if gender in ("woman", "man") else ""
        pattern = {"woman": WOMEN, "man": MEN, "": OTHERS}[group]
        acts = pattern[seen[group] % len(pattern)]
        seen[group] += 1
        team = mentors.get(person.pk, [])
        for number in range(acts):
            kind, what = ACTS[(count + number) % len(ACTS)]
            on = min(cohort.starts_on + timedelta(days=30 + 23 * ((count + number) % 12)), last)
            outside = not team or (count + number) % 5 == 4
            SponsorshipAct.objects.create(
                cohort=cohort,
                sponsored=person,
                kind=kind,
                on=on,
                what=what,
                sponsor=None if outside else team[number % len(team)],
                sponsor_name=OUTSIDE[count % len(OUTSIDE)] if outside else "",
                recorded_as=(
                    SponsorshipAct.RecordedBy.RECIPIENT
                    if outside
                    else SponsorshipAct.RecordedBy.SPONSOR
                ),
                created_at=ctx.now,
            )
        count += acts
    ctx.say(f"  {cohort.program.name}: {count} sponsorship acts for {len(mentees)} mentees")
