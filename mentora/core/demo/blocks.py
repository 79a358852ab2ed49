"""Demo step: seed 000's clerkship in four twelve-week rotation blocks across its calendar year,
its students enrolled in them in turn (7, 6, 6, 6); its interns and residents in no block, so
they mentor across the year. No random draw, so no later step's draws change; the cohort's
pairs, meetings and surveys are built as before (the report then shows participation by block).
"""

from __future__ import annotations

from datetime import timedelta

from mentora.core.demo.context import DemoContext
from mentora.programs.blocks import do_assign_block, do_save_block
from mentora.programs.models import Enrolment

BLOCKS = 4
BLOCK_WEEKS = 12


def divide_clerkship(ctx: DemoContext) -> None:
    cohort = ctx.cohorts["000"]
    blocks = []
    start = cohort.starts_on
    for number in range(1, BLOCKS + 1):
        end = start + timedelta(weeks=BLOCK_WEEKS) - timedelta(days=1)
        blocks.append(do_save_block(cohort, f"Block {number}", start, end))
        start = end + timedelta(days=1)
    students = list(
        cohort.enrolments.filter(role=Enrolment.Role.MENTEE)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    for k, block in enumerate(blocks):
        do_assign_block(cohort, students[k::BLOCKS], block)
    ctx.say(
        f"  {cohort.program.name}: {BLOCKS} blocks of {BLOCK_WEEKS} weeks, "
        + ", ".join(f"{b.name} {len(students[k::BLOCKS])} students" for k, b in enumerate(blocks))
    )
