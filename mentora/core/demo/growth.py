"""Demo step: what mentoring taught seed 004's near-peer mentors, mapped to the ACGME
competencies as the seed's interviews found it.

Every mentor consolidated medical knowledge and grew in interpersonal and communication
skills; most in professionalism; some sharpened procedural skills (patient care); the program
gave a few practice-based improvement and systems-based practice. So the report shows the
first three (groups of five mentors or more) and hides the last three. Written directly, with
no random draw, so no later step's draws change.
"""

from __future__ import annotations

from datetime import timedelta

from mentora.core.demo.context import DemoContext
from mentora.mentorships.actions import ensure_competencies
from mentora.mentorships.models import Competency, MentorGrowth

# (text, ACGME codes, which of the mentors, in order, wrote it)
ENTRIES: list[tuple[str, tuple[str, ...], range | tuple[int, ...]]] = [
    (
        "Explaining the first anatomy block to my mentees showed me what I had only memorised; "
        "I had to understand it to teach it.",
        ("MK", "ICS"),
        range(6),
    ),
    (
        "Keeping every meeting and saying when I did not know an answer: the students notice "
        "what a future colleague does.",
        ("PROF",),
        range(5),
    ),
    (
        "Walked a student through venipuncture in the skills lab and corrected my own "
        "technique while doing it.",
        ("PC", "MK"),
        (0, 1, 2),
    ),
    (
        "Asked my mentees what helped in our study sessions and changed the format mid-summer.",
        ("PBLI", "ICS"),
        (1, 3, 5),
    ),
    (
        "Three students had the same question about financial aid; I took it to the program "
        "office and learned how the school's supports fit together.",
        ("SBP",),
        (4, 5),
    ),
]


def add_mentor_growth(ctx: DemoContext) -> None:
    cohort = ctx.cohorts["004"]
    ensure_competencies()
    acgme = {
        c.code: c
        for c in Competency.objects.filter(
            framework__program=None, framework__name="ACGME core competencies"
        )
    }
    mentors = sorted(
        {p.mentor for p in cohort.mentorships.select_related("mentor")},
        key=lambda person: person.pk,
    )
    last = min(cohort.ends_on, ctx.today)
    count = 0
    for number, (text, codes, writers) in enumerate(ENTRIES):
        on = cohort.starts_on + timedelta(days=14 + 12 * number)
        for index in writers:
            if index >= len(mentors):
                continue
            entry = MentorGrowth.objects.create(
                mentor=mentors[index],
                cohort=cohort,
                on=min(on + timedelta(days=index), last),
                text=text,
                created_at=ctx.now,
            )
            entry.competencies.set([acgme[code] for code in codes])
            count += 1
    ctx.say(f"  {cohort.program.name}: {count} growth entries by {len(mentors)} mentors")
