"""COHORT on the command line: a cohort id, or "<program slug>/<academic year>"."""

from __future__ import annotations

from django.core.management.base import CommandError

from mentora.core.text import whole_number
from mentora.programs.models import Cohort


def find_cohort(text: str) -> Cohort:
    query = Cohort.objects.select_related("program")
    number = whole_number(text, most_digits=18)
    if number is not None:
        cohort = query.filter(pk=number).first()
    else:
        slug, _, year = text.partition("/")
        cohort = query.filter(program__slug=slug, academic_year=year).first()
    if cohort is None:
        raise CommandError(
            f"No cohort {text!r}: give its id or '<program slug>/<academic year>', "
            "e.g. gim-faculty-career/2025-26."
        )
    return cohort
