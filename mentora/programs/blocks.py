"""Rotation blocks of a cohort: the one door for creating, changing and deleting them, and for
putting people in them; and the counts per block the cohort page and the report show.

A block lies within its cohort's dates and overlaps no other block of the cohort; an enrolment
belongs to at most one block, of its own cohort. A block with people in it, or with match runs
made for it, is not deleted.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import Count, Q

from mentora.audit.record import Action, record, record_many
from mentora.core.text import plural
from mentora.programs.models import Block, Cohort, Enrolment


class BlockError(ValueError):
    """Bad block input; the message says what and where."""


@dataclass(frozen=True)
class BlockRow:
    """One block (or the people in no block) with its participation counts."""

    block: Block | None
    people: int
    mentees: int
    mentors: int
    active: int  # enrolments neither withdrawn nor completed early
    withdrawn: int

    @property
    def name(self) -> str:
        return self.block.name if self.block else "No block"


def check_block(
    cohort: Cohort, name: str, starts_on: date, ends_on: date, block: Block | None = None
) -> list[str]:
    """Every problem with these values for a block of `cohort` (`block`: the one being edited)."""
    problems: list[str] = []
    name = name.strip()
    if not name:
        problems.append("Name: give the block a name.")
    if ends_on <= starts_on:
        problems.append(f"Dates: the block must end after it starts ({starts_on} to {ends_on}).")
    if starts_on < cohort.starts_on or ends_on > cohort.ends_on:
        problems.append(
            f"Dates: {starts_on} to {ends_on} is outside the cohort's dates "
            f"({cohort.starts_on} to {cohort.ends_on})."
        )
    others = cohort.blocks.exclude(pk=block.pk) if block else cohort.blocks.all()
    for other in others.filter(starts_on__lte=ends_on, ends_on__gte=starts_on):
        problems.append(
            f"Dates: they overlap block '{other.name}' ({other.starts_on} to {other.ends_on})."
        )
    if name and others.filter(name__iexact=name).exists():
        problems.append(f"Name: the cohort already has a block named '{name}'.")
    return problems


def do_save_block(
    cohort: Cohort, name: str, starts_on: date, ends_on: date, block: Block | None = None
) -> Block:
    """Create a block of `cohort`, or change `block`; raises BlockError with every problem."""
    with transaction.atomic():
        Cohort.objects.select_for_update().get(pk=cohort.pk)  # two editors: one at a time
        problems = check_block(cohort, name, starts_on, ends_on, block)
        if problems:
            raise BlockError(" ".join(problems))
        created = block is None
        if block is None:
            block = Block(cohort=cohort)
        elif block.cohort_id != cohort.pk:
            raise BlockError("That block belongs to another cohort.")
        block.name, block.starts_on, block.ends_on = name.strip(), starts_on, ends_on
        block.save()
        record(
            Action.CREATE if created else Action.UPDATE,
            block,
            program=cohort,
            fields=[] if created else ["name", "starts_on", "ends_on"],
        )
    return block


def do_delete_block(block: Block) -> None:
    """Delete an empty block; one with people in it is refused, naming how many, and so is one
    that match runs were made for, naming them: deleted, its runs would read as runs of the
    whole cohort (their block is set to none), and so would a run started again from them."""
    with transaction.atomic():
        people = block.enrolments.count()
        if people:
            raise BlockError(
                f"Block '{block.name}' still has {plural(people, 'person', 'people')} "
                "in it: move them to another block "
                "(or to none) first."
            )
        runs = sorted(block.match_runs.values_list("number", flat=True))
        if runs:
            raise BlockError(
                f"Block '{block.name}' has {plural(len(runs), 'match run', 'match runs')} "
                f"made for it ({', '.join(f'Run {n}' for n in runs)}): a block with match "
                "runs is kept, so that those runs still say which block they matched."
            )
        record(Action.DELETE, block, program=block.cohort)
        block.delete()


def do_assign_block(cohort: Cohort, enrolment_ids: Iterable[int], block: Block | None) -> int:
    """Put these enrolments of `cohort` in `block` (None: in no block); returns how many moved.
    Enrolments of another cohort are refused, and nothing is written."""
    ids = sorted({int(i) for i in enrolment_ids})
    if block is not None and block.cohort_id != cohort.pk:
        raise BlockError("That block belongs to another cohort.")
    with transaction.atomic():
        chosen = list(Enrolment.objects.select_for_update().filter(pk__in=ids, cohort=cohort))
        if len(chosen) != len(ids):
            raise BlockError("Some of the people chosen are not in this cohort; nothing moved.")
        moving = [e for e in chosen if e.block_id != (block.pk if block else None)]
        for enrolment in moving:
            enrolment.block = block
        Enrolment.objects.bulk_update(moving, ["block"])
        record_many(
            Action.UPDATE,
            moving,
            program=cohort,
            fields=["block"],
            note=f"to {block.name if block else 'no block'}",
        )
    return len(moving)


def block_rows(cohort: Cohort) -> list[BlockRow]:
    """Participation per block (and of the people in none, when there are any): two queries;
    one, and no rows, for a cohort without blocks."""
    blocks = list(cohort.blocks.order_by("starts_on", "pk"))
    if not blocks:
        return []
    mentee = Q(role__in=[Enrolment.Role.MENTEE, Enrolment.Role.BOTH])
    mentor = Q(role__in=[Enrolment.Role.MENTOR, Enrolment.Role.BOTH])
    withdrawn = Q(status=Enrolment.Status.WITHDRAWN)
    counts = {
        row["block_id"]: row
        for row in cohort.enrolments.values("block_id").annotate(
            mentees=Count("pk", filter=mentee),
            mentors=Count("pk", filter=mentor),
            withdrawn=Count("pk", filter=withdrawn),
            total=Count("pk"),
        )
    }
    rows = []
    for block in [*blocks, None]:
        found = counts.get(block.pk if block else None)
        if block is None and found is None:
            continue
        found = found or {"mentees": 0, "mentors": 0, "withdrawn": 0, "total": 0}
        rows.append(
            BlockRow(
                block,
                found["total"],
                found["mentees"],
                found["mentors"],
                found["total"] - found["withdrawn"],
                found["withdrawn"],
            )
        )
    return rows
