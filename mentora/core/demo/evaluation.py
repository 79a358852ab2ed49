"""Demo step: scholarly entries for seed 002's mentees, drawn so that Table 3's cohort totals are
the seed's (publications 38 then 104, national presentations 31 then 62, grants 59 then 101).

Time 1 is the two years before the launch plus the launch year; Time 2 entries are dated from
the year after launch up to the demo's today, so none lies in the future.
"""

from __future__ import annotations

import math

from mentora.core.demo.context import DemoContext
from mentora.evaluation.models import ScholarlyEntry
from mentora.evaluation.reports.options import default_periods

# kind: (time 1 total, time 2 total), from seed 002's Table 3.
TOTALS = {"publication": (38, 104), "presentation": (31, 62), "grant": (59, 101)}
VENUES = {
    "publication": ["J Gen Intern Med", "Acad Med", "Med Educ", "J Hosp Med", "Am J Med"],
    "presentation": ["SGIM Annual Meeting", "SHM Converge", "AAIM Skills Development Conference"],
    "grant": ["Academic Investment in Education", "HRSA", "Foundation grant", "AHRQ"],
}


def _counts(ctx: DemoContext, productivity: list[float], total: int) -> list[int]:
    """Counts per person in proportion to their productivity, summing to exactly `total`."""
    weight = sum(productivity)
    counts = [math.floor(total * p / weight) for p in productivity]
    while sum(counts) < total:
        counts[ctx.rng.choices(range(len(counts)), weights=productivity)[0]] += 1
    return counts


def _title(ctx: DemoContext, kind: str) -> str:
    topic = ctx.fake.catch_phrase().lower()
    return {
        "publication": f"A {topic} for clinician educators in internal medicine",
        "presentation": f"Workshop: {topic} on the inpatient teaching service",
        "grant": f"Improving {topic} in resident clinics",
    }[kind]


def add_scholarship(ctx: DemoContext) -> None:
    cohort = ctx.cohorts["002"]
    mentees = [e.person for e in cohort.enrolments.filter(role="mentee").select_related("person")]
    first, second = default_periods(cohort.starts_on.year, ctx.today.year)
    last = min(second[1], ctx.today.year)
    entries = []
    # Skewed productivity, as in the seed (SDs larger than means): a few people write most.
    base = [ctx.rng.lognormvariate(0, 1.0) for _ in mentees]
    for kind, (before, after) in TOTALS.items():
        lift = [b * ctx.rng.lognormvariate(0, 0.6) for b in base]
        for period, total, weights in ((first, before, base), ((second[0], last), after, lift)):
            for person, count in zip(mentees, _counts(ctx, weights, total), strict=True):
                for _ in range(count):
                    entries.append(ScholarlyEntry(
                        person=person, kind=kind, year=ctx.rng.randint(*period),
                        title=_title(ctx, kind), venue=ctx.rng.choice(VENUES[kind]),
                        source=ScholarlyEntry.Source.MANUAL, created_at=ctx.now,
                    ))
    ScholarlyEntry.objects.bulk_create(entries)
    ctx.say(f"  {cohort.program.name}: {len(entries)} scholarly entries for {len(mentees)} mentees")
