"""A person's own time line in a cohort: when their part starts and ends.

Everything timed per person (survey waves relative to a person's start, participation by weeks
since start) asks here, in Python (`start_of`, `end_of`) or in SQL (`start_expression`,
`end_expression`, for queries that find who is due on a given day). Today a person starts on the
later of the day they enrolled and the cohort's start, and ends with the cohort; a person in a
rotation block (mentora.programs.blocks) starts and ends with their block, in both places.
"""

from __future__ import annotations

from datetime import date

from django.db.models import DateField, F
from django.db.models.expressions import Combinable
from django.db.models.functions import Coalesce, Greatest

from mentora.programs.models import Enrolment


def start_of(enrolment: Enrolment) -> date:
    """The day this person's part of the cohort starts: their block's start, if they have one."""
    if enrolment.block_id is not None:
        return enrolment.block.starts_on  # type: ignore[union-attr]
    return max(enrolment.enrolled_on, enrolment.cohort.starts_on)


def end_of(enrolment: Enrolment) -> date:
    """The day this person's part of the cohort ends: their block's end, if they have one."""
    if enrolment.block_id is not None:
        return enrolment.block.ends_on  # type: ignore[union-attr]
    return enrolment.cohort.ends_on


def start_expression(prefix: str = "") -> Combinable:
    """`start_of` in SQL, for a query on Enrolment (or through `prefix`, e.g. "enrolment__")."""
    return Coalesce(
        F(f"{prefix}block__starts_on"),
        Greatest(F(f"{prefix}enrolled_on"), F(f"{prefix}cohort__starts_on")),
        output_field=DateField(),
    )


def end_expression(prefix: str = "") -> Combinable:
    """`end_of` in SQL, for a query on Enrolment (or through `prefix`)."""
    return Coalesce(
        F(f"{prefix}block__ends_on"), F(f"{prefix}cohort__ends_on"), output_field=DateField()
    )
