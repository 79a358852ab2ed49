"""Each active pair against its own cadence, in a few queries whatever the number of pairs.

A pair's cadence is its agreement's (meetings per period, versioned and signed with the rest of
the agreement), else its program's yearly target. Its last contact is its last held meeting up
to today, after its cohort's end date too while the pair is active (relationships go on past
the program period). Nothing here reads a note.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import Max, QuerySet

from mentora.engagement.cadence import Cadence, Standing, Steps, cadence_of, standing
from mentora.engagement.models import DriftFlag, DriftPolicy
from mentora.mentorships.models import Meeting, Mentorship

Held = Meeting.mentorships.through


@dataclass(frozen=True)
class PairDrift:
    pair: Mentorship
    cadence: Cadence
    last_met: date | None
    standing: Standing
    flagged: bool


def steps_of(policy: DriftPolicy | None) -> Steps:
    if policy is None:
        return Steps()
    return Steps(policy.mentee_after_days, policy.mentor_after_days, policy.coordinator_after_days)


def policies(program_ids: Iterable[int]) -> dict[int, DriftPolicy]:
    return {p.program_id: p for p in DriftPolicy.objects.filter(program_id__in=set(program_ids))}


def active_pairs() -> QuerySet[Mentorship]:
    return Mentorship.objects.filter(status=Mentorship.Status.ACTIVE).select_related(
        "cohort__program", "agreement", "mentor", "mentee"
    )


def last_meetings(pair_ids: list[int], today: date) -> dict[int, date]:
    """Each pair's last held meeting up to `today` (one aggregate query)."""
    rows = (
        Held.objects.filter(
            mentorship_id__in=pair_ids,
            meeting__status=Meeting.Status.HELD,
            meeting__on__lte=today,
        )
        .values("mentorship_id")
        .annotate(last=Max("meeting__on"))
    )
    return {row["mentorship_id"]: row["last"] for row in rows}


def drift_of(pairs: Iterable[Mentorship], today: date) -> list[PairDrift]:
    """The standing of each active pair (others are left out); pairs must come with their
    cohort, program and agreement (`active_pairs()` reads them so)."""
    pairs = [p for p in pairs if p.status == Mentorship.Status.ACTIVE]
    ids = [p.pk for p in pairs]
    met = last_meetings(ids, today)
    by_program = policies(p.cohort.program_id for p in pairs)
    flags = set(
        DriftFlag.objects.filter(mentorship_id__in=ids).values_list("mentorship_id", "since")
    )
    result = []
    for pair in pairs:
        started = pair.started_on or pair.cohort.starts_on
        if started > today:
            continue
        agreement = getattr(pair, "agreement", None)
        cadence = cadence_of(
            agreement.cadence_meetings if agreement else None,
            agreement.cadence_period_days if agreement else None,
            pair.cohort.program.meetings_per_year_target,
        )
        last = met.get(pair.pk)
        where = standing(
            today, started, last, cadence, steps_of(by_program.get(pair.cohort.program_id))
        )
        result.append(PairDrift(pair, cadence, last, where, (pair.pk, where.since) in flags))
    return result
